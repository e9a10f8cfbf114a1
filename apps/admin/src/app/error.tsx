"use client";

export { RouteError as default } from "@bazaar/next-kit/route-error";
