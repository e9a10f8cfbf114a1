import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { detectImageType, inspectImage, renderRenditions } from "./image-renditions";
import { makeTestImage } from "./testing";

describe("detectImageType", () => {
  it("judges by the bytes, not by a name", async () => {
    expect(await detectImageType(await makeTestImage(8, 8, "png"))).toBe("image/png");
    expect(await detectImageType(await makeTestImage(8, 8, "jpeg"))).toBe("image/jpeg");
    expect(await detectImageType(Buffer.from("definitely not a picture, just text\n"))).toBeNull();
    expect(await detectImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
  });
});

describe("inspectImage", () => {
  it("reports the displayed dimensions, EXIF rotation included", async () => {
    const rotated = await sharp(await makeTestImage(300, 200, "jpeg")).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(await inspectImage(rotated)).toEqual({ ok: true, image: { contentType: "image/jpeg", width: 200, height: 300 } });
  });

  it("refuses a truncated file with a valid signature", async () => {
    const png = await makeTestImage(64, 64, "png");
    const check = await inspectImage(png.subarray(0, 40));
    expect(check).toMatchObject({ ok: false, reason: "not_an_image" });
  });
});

describe("renderRenditions", () => {
  it("makes a square thumb and bounded card/full WebPs without enlarging", async () => {
    const out = await renderRenditions(await makeTestImage(1600, 900, "png"));
    expect(out.map((r) => [r.name, r.width, r.height, r.contentType])).toEqual([
      ["thumb", 160, 160, "image/webp"],
      ["card", 480, 270, "image/webp"],
      ["full", 1200, 675, "image/webp"],
    ]);
    expect(await detectImageType(out[0]!.bytes)).toBe("image/webp");

    const small = await renderRenditions(await makeTestImage(300, 400, "jpeg"));
    expect(small.map((r) => [r.name, r.width, r.height])).toEqual([
      ["thumb", 160, 160],
      ["card", 300, 400],
      ["full", 300, 400],
    ]);
  });
});
