import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import type { z } from "zod";
import { TemplateDataError, TemplatesIncompleteError, UnknownTemplateError, ChannelNotSupportedError } from "../errors";
import { templateCatalog, type Channel, type ChannelOf, type TemplateData, type TemplateName } from "./template-catalog";

/** The template files shipped with this package: `<channel>/<locale>/<template>/<part>.hbs`. */
// Templates are read from the package at run time, not bundled: the turbopackIgnore comments keep Next
// from tracing the whole project for these dynamic paths. path.resolve rather than new URL(dir, import.meta.url): bundlers (Turbopack) treat the latter as an asset import.
export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../templates");

const PARTS: Record<Channel, readonly string[]> = { EMAIL: ["subject", "text", "html"], SMS: ["text"] };
const CHANNEL_DIRS: Record<string, Channel> = { email: "EMAIL", sms: "SMS" };
const LAYOUT_FILE = "_layout.html.hbs";

export interface RenderedEmail {
  channel: "EMAIL";
  locale: string;
  subject: string;
  text: string;
  html: string;
}

export interface RenderedSms {
  channel: "SMS";
  locale: string;
  text: string;
}

export type RenderedMessage = RenderedEmail | RenderedSms;

export interface RenderRequest<T extends TemplateName = TemplateName, C extends ChannelOf<T> = ChannelOf<T>> {
  template: T;
  channel: C;
  data: TemplateData<T>;
  /** A language tag (`fr`, `fr-CA`); falls back to its language, then to the default locale. */
  locale?: string | undefined;
}

export interface TemplateRenderer {
  readonly defaultLocale: string;
  render<T extends TemplateName, C extends ChannelOf<T>>(
    request: RenderRequest<T, C>,
  ): C extends "SMS" ? RenderedSms : RenderedEmail;
  /** The same, for data that has not been type-checked (an event payload); validates everything. */
  renderUnknown(request: { template: string; channel: Channel; data: unknown; locale?: string | undefined }): RenderedMessage;
  /** Locales that have `template` on `channel`, for admin tooling and tests. */
  locales(template: TemplateName, channel: Channel): string[];
}

/** The shape of a catalog; the shipped one is `templateCatalog`. */
export type CatalogShape = Record<string, { channels: readonly Channel[]; data: z.ZodObject }>;

export interface TemplateRendererOptions {
  dir?: string;
  defaultLocale?: string;
  /** Another catalog with its own template tree (tests of the engine itself); typed calls assume the default. */
  catalog?: CatalogShape;
}

type Compiled = Handlebars.TemplateDelegate<Record<string, unknown>>;

const STRICT_MISS = /^"([^"]+)" not defined in/;

/**
 * Loads every template file once, checks the tree against the catalog (a missing or stray file fails
 * here, at start, not on the first send) and keeps the compiled templates. Templates run in Handlebars
 * strict mode with only the built-in helpers: a variable the data lacks is a TemplateDataError, never an
 * empty string in a customer's inbox. HTML parts escape every value; subject, text and SMS do not (they
 * are not HTML).
 */
export function createTemplateRenderer(options: TemplateRendererOptions = {}): TemplateRenderer {
  const dir = options.dir ?? TEMPLATES_DIR;
  const defaultLocale = options.defaultLocale ?? "en";
  const catalog: CatalogShape = options.catalog ?? templateCatalog;
  const isKnown = (name: string) => Object.hasOwn(catalog, name);
  const hbs = Handlebars.create();
  const compiled = new Map<string, Compiled>();
  const problems: string[] = [];

  const compile = (file: string, escape: boolean): Compiled | undefined => {
    const source = readFileSync(/* turbopackIgnore: true */ file, "utf8");
    try {
      hbs.parse(source); // syntax errors surface at load; compile() itself is lazy
    } catch (error) {
      problems.push(`${path.relative(dir, file)}: ${(error as Error).message.replace(/\s+/g, " ").trim()}`);
      return undefined;
    }
    return hbs.compile<Record<string, unknown>>(source, { strict: true, noEscape: !escape, knownHelpersOnly: true });
  };

  const key = (channel: Channel, locale: string, template: string, part: string) => `${channel}/${locale}/${template}/${part}`;
  const isDir = (p: string) => statSync(/* turbopackIgnore: true */ p).isDirectory();

  for (const channelDir of readdirSync(/* turbopackIgnore: true */ dir)) {
    const channel = CHANNEL_DIRS[channelDir];
    if (!channel) {
      problems.push(`${channelDir}/: not a channel (${Object.keys(CHANNEL_DIRS).join(", ")})`);
      continue;
    }
    for (const locale of readdirSync(/* turbopackIgnore: true */ path.join(/* turbopackIgnore: true */ dir, channelDir))) {
      const localePath = path.join(/* turbopackIgnore: true */ dir, channelDir, locale);
      if (!isDir(localePath)) {
        if (!(channel === "EMAIL" && locale === LAYOUT_FILE)) problems.push(`${channelDir}/${locale}: unexpected file`);
        continue;
      }
      for (const template of readdirSync(/* turbopackIgnore: true */ localePath)) {
        const where = `${channelDir}/${locale}/${template}`;
        if (!isKnown(template)) {
          problems.push(`${where}: no such template in the catalog`);
          continue;
        }
        if (!catalog[template]!.channels.includes(channel)) {
          problems.push(`${where}: the catalog does not list ${channel} for ${template}`);
          continue;
        }
        const files = readdirSync(/* turbopackIgnore: true */ path.join(/* turbopackIgnore: true */ localePath, template));
        for (const part of PARTS[channel]) {
          if (!files.includes(`${part}.hbs`)) problems.push(`${where}: missing ${part}.hbs`);
        }
        for (const file of files) {
          const part = file.replace(/\.hbs$/, "");
          if (!file.endsWith(".hbs") || !PARTS[channel].includes(part)) {
            problems.push(`${where}/${file}: unexpected file`);
            continue;
          }
          const fn = compile(path.join(/* turbopackIgnore: true */ localePath, template, file), part === "html");
          if (fn) compiled.set(key(channel, locale, template, part), fn);
        }
      }
    }
  }
  const layoutPath = path.join(/* turbopackIgnore: true */ dir, "email", LAYOUT_FILE);
  const layout = (() => {
    try {
      return compile(layoutPath, true);
    } catch {
      problems.push(`email/${LAYOUT_FILE}: missing`);
      return undefined;
    }
  })();
  for (const [template, entry] of Object.entries(catalog)) {
    for (const channel of entry.channels) {
      if (!compiled.has(key(channel, defaultLocale, template, PARTS[channel][0]!))) {
        problems.push(`${template}: no ${channel} version in the default locale "${defaultLocale}"`);
      }
    }
  }
  if (problems.length > 0) throw new TemplatesIncompleteError(problems);

  const resolveLocale = (template: string, channel: Channel, locale: string | undefined): string => {
    const candidates = locale ? [locale, locale.split("-")[0]!] : [];
    for (const c of [...candidates, defaultLocale]) if (compiled.has(key(channel, c, template, PARTS[channel][0]!))) return c;
    return defaultLocale; // unreachable: the load check guarantees the default locale
  };

  const run = (template: string, fn: Compiled, data: Record<string, unknown>): string => {
    try {
      return fn(data);
    } catch (error) {
      const miss = error instanceof Error ? STRICT_MISS.exec(error.message) : null;
      if (miss) throw new TemplateDataError(template, [miss[1]!]);
      throw error;
    }
  };

  function renderUnknown(request: { template: string; channel: Channel; data: unknown; locale?: string | undefined }): RenderedMessage {
    const { template, channel } = request;
    const entry = isKnown(template) ? catalog[template]! : undefined;
    if (!entry) throw new UnknownTemplateError(template);
    if (!entry.channels.includes(channel)) throw new ChannelNotSupportedError(template, channel);
    const data = validate(template, entry.data, request.data);
    const locale = resolveLocale(template, channel, request.locale);
    const part = (name: string) => run(template, compiled.get(key(channel, locale, template, name))!, data);
    if (channel === "SMS") return { channel, locale, text: part("text").trim() };
    // A subject is one header line: template line breaks and runs of spaces collapse to one space.
    const subject = part("subject").replace(/\s+/g, " ").trim();
    const html = run(template, layout!, { lang: locale, subject, body: part("html") });
    return { channel, locale, subject, text: `${part("text").trimEnd()}\n`, html };
  }

  return {
    defaultLocale,
    render: ((request: RenderRequest) => renderUnknown(request)) as TemplateRenderer["render"],
    renderUnknown,
    locales(template, channel) {
      const prefix = `${channel}/`;
      const suffix = `/${template}/${PARTS[channel][0]}`;
      return [...compiled.keys()].filter((k) => k.startsWith(prefix) && k.endsWith(suffix)).map((k) => k.split("/")[1]!);
    },
  };
}

/** Checks `data` against the template's schema; names every required field that is absent. */
function validate(template: string, schema: z.ZodObject, data: unknown): Record<string, unknown> {
  const result = schema.safeParse(data);
  if (result.success) return result.data as Record<string, unknown>;
  const given = data !== null && typeof data === "object" ? (data as Record<string, unknown>) : {};
  const missing = Object.entries(schema.shape)
    .filter(([field, fieldSchema]) => given[field] === undefined && !(fieldSchema as z.ZodType).safeParse(undefined).success)
    .map(([field]) => field);
  const invalid = result.error.issues.filter((i) => !missing.includes(String(i.path[0])));
  const detail = invalid.length > 0 ? invalid.map((i) => `${i.path.join(".") || "(data)"}: ${i.message}`).join("; ") : undefined;
  throw new TemplateDataError(template, missing, result.error.issues, detail);
}
