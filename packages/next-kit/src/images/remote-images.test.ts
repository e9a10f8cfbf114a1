import { describe, expect, it } from "vitest";
import { mediaPublicBase } from "./env";
import { mediaImagesConfig } from "./remote-images";

describe("mediaImagesConfig", () => {
  it("allows the local S3 bucket's media path, loopback included", () => {
    expect(mediaImagesConfig(mediaPublicBase({}))).toEqual({
      remotePatterns: [{ protocol: "http", hostname: "127.0.0.1", port: "9000", pathname: "/bazaar-media/media/**" }],
      dangerouslyAllowLocalIP: true,
    });
  });

  it("uses S3_PUBLIC_URL and keeps the private-address guard for a public origin", () => {
    expect(mediaImagesConfig(mediaPublicBase({ S3_PUBLIC_URL: "https://cdn.example.com/" }))).toEqual({
      remotePatterns: [{ protocol: "https", hostname: "cdn.example.com", port: "", pathname: "/media/**" }],
      dangerouslyAllowLocalIP: false,
    });
  });
});
