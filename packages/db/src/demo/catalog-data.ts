import { Plan, TenantType } from "../generated/prisma/client";

// What the demo marketplace sells: the platform's category tree and, per seller, its stores, locations and
// which leaves of the tree it stocks. Product titles are built from each leaf's nouns and adjectives.

export type OptionScheme =
  | { kind: "size-colour"; sizes: string[]; colours: string[] }
  | { kind: "one"; name: string; values: string[]; pick: [number, number] }
  | { kind: "none" };

export interface LeafTemplate {
  slug: string;
  name: string;
  nouns: string[];
  adjectives: string[];
  price: [number, number];
  weight: [number, number];
  options: OptionScheme;
  blurb: string;
  /** Titles are works ("Night Trains — Illustrated Edition"), not "adjective noun". */
  edition?: true;
}

const COLOURS = ["Black", "White", "Navy", "Olive", "Rust", "Sand", "Forest", "Charcoal", "Sky", "Plum"];
const APPAREL = { kind: "size-colour", sizes: ["XS", "S", "M", "L", "XL"], colours: COLOURS } as const satisfies OptionScheme;
const colour = (values: string[]): OptionScheme => ({ kind: "one", name: "Colour", values, pick: [1, 3] });

/** Three levels: department → category → leaf. Only leaves carry products. */
export const CATEGORY_TREE: { slug: string; name: string; children: { slug: string; name: string; leaves: LeafTemplate[] }[] }[] = [
  { slug: "fashion", name: "Fashion", children: [
    { slug: "clothing", name: "Clothing", leaves: [
      { slug: "t-shirts", name: "T-Shirts", nouns: ["Crew Tee", "Pocket Tee", "Breton Tee", "Henley", "Long-Sleeve Tee"], adjectives: ["Organic Cotton", "Heavyweight", "Slub", "Merino", "Everyday"], price: [1_900, 4_500], weight: [150, 260], options: APPAREL, blurb: "Cut for a relaxed fit and garment-washed so it is soft from the first wear." },
      { slug: "knitwear", name: "Knitwear", nouns: ["Crewneck Jumper", "Cardigan", "Fisherman Sweater", "Roll Neck", "Knit Vest"], adjectives: ["Lambswool", "Cashmere-Blend", "Chunky", "Fine-Gauge", "Nordic"], price: [5_900, 16_900], weight: [300, 700], options: APPAREL, blurb: "Knitted in a family-run mill; ribbed cuffs and hem keep their shape." },
    ] },
    { slug: "fashion-accessories", name: "Accessories", leaves: [
      { slug: "bags", name: "Bags", nouns: ["Tote", "Backpack", "Crossbody Bag", "Weekender", "Belt Bag"], adjectives: ["Waxed Canvas", "Leather", "Recycled Nylon", "Market", "Roll-Top"], price: [3_500, 18_900], weight: [300, 1_400], options: colour(["Black", "Tan", "Olive", "Navy"]), blurb: "Reinforced base, brass hardware and an inside pocket for the small things." },
      { slug: "scarves", name: "Scarves", nouns: ["Scarf", "Snood", "Shawl", "Bandana"], adjectives: ["Wool", "Silk", "Checked", "Herringbone", "Lightweight"], price: [2_500, 8_900], weight: [80, 300], options: colour(["Grey", "Camel", "Burgundy", "Teal"]), blurb: "Generous length, finished with hand-twisted fringes." },
    ] },
  ] },
  { slug: "home-garden", name: "Home & Garden", children: [
    { slug: "kitchen", name: "Kitchen", leaves: [
      { slug: "cookware", name: "Cookware", nouns: ["Frying Pan", "Saucepan", "Dutch Oven", "Wok", "Sauté Pan"], adjectives: ["Cast Iron", "Carbon Steel", "Tri-Ply", "Enamelled", "Non-Stick"], price: [2_900, 24_900], weight: [900, 5_500], options: { kind: "one", name: "Size", values: ["20 cm", "24 cm", "28 cm", "32 cm"], pick: [2, 3] }, blurb: "Oven-safe, works on every hob including induction." },
      { slug: "tableware", name: "Tableware", nouns: ["Dinner Plate Set", "Pasta Bowl", "Mug", "Serving Platter", "Tumbler Set"], adjectives: ["Stoneware", "Speckled", "Porcelain", "Hand-Glazed", "Recycled Glass"], price: [1_400, 7_900], weight: [300, 2_400], options: colour(["Chalk", "Sage", "Midnight", "Terracotta"]), blurb: "Dishwasher and microwave safe; every glaze is a little different." },
    ] },
    { slug: "garden", name: "Garden", leaves: [
      { slug: "planters", name: "Planters", nouns: ["Planter", "Window Box", "Hanging Pot", "Raised Bed"], adjectives: ["Terracotta", "Fibre-Clay", "Galvanised", "Self-Watering", "Cedar"], price: [1_500, 12_900], weight: [500, 9_000], options: { kind: "one", name: "Size", values: ["Small", "Medium", "Large"], pick: [2, 3] }, blurb: "Frost resistant, with a drainage hole and a felt foot." },
      { slug: "garden-tools", name: "Garden Tools", nouns: ["Trowel", "Pruning Shears", "Hand Fork", "Watering Can", "Hori Hori Knife"], adjectives: ["Stainless", "Ash-Handled", "Forged", "Ergonomic", "Copper"], price: [1_200, 6_900], weight: [150, 1_800], options: { kind: "none" }, blurb: "Built to be sharpened, oiled and handed down." },
    ] },
  ] },
  { slug: "electronics", name: "Electronics", children: [
    { slug: "audio", name: "Audio", leaves: [
      { slug: "headphones", name: "Headphones", nouns: ["Wireless Headphones", "Earbuds", "Studio Monitors", "Sport Earphones"], adjectives: ["Noise-Cancelling", "Open-Back", "Bluetooth 5.3", "Foldable", "Hi-Res"], price: [3_900, 34_900], weight: [40, 380], options: colour(["Black", "Silver", "Sand", "Midnight Blue"]), blurb: "Up to 40 hours of playback and a USB-C fast charge." },
      { slug: "speakers", name: "Speakers", nouns: ["Bookshelf Speaker", "Portable Speaker", "Soundbar", "Smart Speaker"], adjectives: ["Waterproof", "Wooden", "Compact", "360°", "Stereo"], price: [4_900, 59_900], weight: [400, 6_000], options: colour(["Black", "White", "Walnut"]), blurb: "Room-filling sound from a cabinet tuned by ear." },
    ] },
    { slug: "electronics-accessories", name: "Accessories", leaves: [
      { slug: "chargers", name: "Chargers & Cables", nouns: ["USB-C Charger", "Braided Cable", "Wireless Charging Pad", "Power Bank"], adjectives: ["65 W GaN", "Fast", "Travel", "Dual-Port", "10,000 mAh"], price: [1_500, 7_900], weight: [40, 350], options: { kind: "one", name: "Length", values: ["1 m", "2 m", "3 m"], pick: [1, 3] }, blurb: "Certified safe, with overheat and surge protection." },
      { slug: "cases", name: "Cases & Sleeves", nouns: ["Phone Case", "Laptop Sleeve", "Tablet Folio", "Earbud Case"], adjectives: ["Leather", "Recycled", "Shockproof", "Slim", "Felt"], price: [1_900, 6_900], weight: [30, 400], options: colour(["Black", "Cognac", "Forest", "Grey"]), blurb: "Precise cut-outs and raised edges protect the screen and camera." },
    ] },
  ] },
  { slug: "books-media", name: "Books & Media", children: [
    { slug: "books", name: "Books", leaves: [
      { slug: "fiction", name: "Fiction", nouns: ["The Lighthouse Keeper", "Salt and Iron", "A Winter Orchard", "The Quiet Cartographer", "Night Trains", "Paper Lanterns", "The Glass Harbour"], adjectives: ["Signed", "Illustrated", "Collector's", "Pocket", "Anniversary"], price: [899, 2_999], weight: [200, 900], options: { kind: "one", name: "Format", values: ["Paperback", "Hardcover"], pick: [1, 2] }, blurb: "A novel readers keep recommending; this edition includes a new afterword.", edition: true },
      { slug: "non-fiction", name: "Non-fiction", nouns: ["A Short History of Bread", "Field Notes on Birds", "The Patient Gardener", "Maps of the Mind", "Working with Wood"], adjectives: ["Illustrated", "Revised", "Second", "Annotated", "Pocket"], price: [1_299, 4_500], weight: [250, 1_300], options: { kind: "one", name: "Format", values: ["Paperback", "Hardcover"], pick: [1, 2] }, blurb: "Clear, warm and well researched, with notes and an index.", edition: true },
    ] },
    { slug: "music", name: "Music", leaves: [
      { slug: "vinyl", name: "Vinyl", nouns: ["Live at the Harbour", "Slow Tides", "Northern Lights", "City of Rain", "Golden Hour"], adjectives: ["180 g", "Remastered", "Limited", "Double", "Coloured"], price: [1_999, 4_499], weight: [250, 600], options: { kind: "none" }, blurb: "Pressed on heavyweight vinyl with a printed inner sleeve.", edition: true },
      { slug: "sheet-music", name: "Sheet Music", nouns: ["Piano Songbook", "Guitar Tab Collection", "String Quartets", "Jazz Standards"], adjectives: ["Beginner", "Intermediate", "Complete", "Easy", "Concert"], price: [999, 3_499], weight: [150, 700], options: { kind: "none" }, blurb: "Engraved clearly, lies flat on the stand." },
    ] },
  ] },
  { slug: "sports-outdoors", name: "Sports & Outdoors", children: [
    { slug: "camping", name: "Camping", leaves: [
      { slug: "tents", name: "Tents", nouns: ["Backpacking Tent", "Family Tent", "Bivvy", "Tarp Shelter"], adjectives: ["Ultralight", "4-Season", "Freestanding", "2-Person", "Storm"], price: [7_900, 59_900], weight: [900, 9_000], options: colour(["Green", "Orange", "Grey"]), blurb: "Pitches in minutes; taped seams and a 3,000 mm hydrostatic head." },
      { slug: "backpacks", name: "Backpacks", nouns: ["Hiking Pack", "Daypack", "Trekking Rucksack", "Hydration Pack"], adjectives: ["35 L", "Ventilated", "Alpine", "Lightweight", "65 L"], price: [4_900, 26_900], weight: [500, 2_200], options: { kind: "one", name: "Back length", values: ["S/M", "M/L"], pick: [1, 2] }, blurb: "Adjustable back system and a rain cover in the lid." },
    ] },
    { slug: "fitness", name: "Fitness", leaves: [
      { slug: "yoga", name: "Yoga", nouns: ["Yoga Mat", "Cork Block", "Strap", "Bolster"], adjectives: ["Non-Slip", "Natural Rubber", "Travel", "Extra-Thick", "Cork"], price: [1_200, 8_900], weight: [200, 2_500], options: colour(["Sage", "Clay", "Slate", "Lilac"]), blurb: "Grippy when it matters, easy to wipe clean afterwards." },
      { slug: "weights", name: "Weights", nouns: ["Kettlebell", "Dumbbell Pair", "Weight Plate", "Adjustable Dumbbell"], adjectives: ["Cast Iron", "Neoprene", "Competition", "Hex", "Urethane"], price: [1_900, 29_900], weight: [2_000, 24_000], options: { kind: "one", name: "Weight", values: ["4 kg", "8 kg", "12 kg", "16 kg", "24 kg"], pick: [2, 4] }, blurb: "Flat base, smooth handle, colour-coded by weight." },
    ] },
  ] },
  { slug: "toys-kids", name: "Toys & Kids", children: [
    { slug: "toys", name: "Toys", leaves: [
      { slug: "wooden-toys", name: "Wooden Toys", nouns: ["Stacking Rainbow", "Train Set", "Building Blocks", "Pull-Along Dog", "Shape Sorter"], adjectives: ["Beechwood", "Montessori", "Painted", "Natural", "Heirloom"], price: [1_500, 8_900], weight: [200, 2_000], options: { kind: "none" }, blurb: "Non-toxic water-based paints; sanded smooth for small hands." },
      { slug: "puzzles", name: "Puzzles", nouns: ["Jigsaw", "Floor Puzzle", "Brain Teaser", "3D Puzzle"], adjectives: ["1000-Piece", "Giant", "Wooden", "Illustrated", "Glow-in-the-Dark"], price: [999, 4_500], weight: [200, 1_200], options: { kind: "none" }, blurb: "Thick pieces that click together, with a poster in the box." },
    ] },
    { slug: "baby", name: "Baby", leaves: [
      { slug: "baby-clothing", name: "Baby Clothing", nouns: ["Bodysuit", "Romper", "Sleep Suit", "Knitted Hat"], adjectives: ["Organic", "Ribbed", "Striped", "Muslin", "Cosy"], price: [999, 3_900], weight: [60, 250], options: { kind: "size-colour", sizes: ["0-3 m", "3-6 m", "6-12 m", "12-18 m"], colours: ["Oat", "Sage", "Rose", "Sky"] }, blurb: "Soft on sensitive skin, with poppers where you need them." },
      { slug: "nursery", name: "Nursery", nouns: ["Night Light", "Mobile", "Storage Basket", "Play Mat"], adjectives: ["Felt", "Woven", "Wooden", "Soft", "Rechargeable"], price: [1_900, 9_900], weight: [150, 2_000], options: { kind: "none" }, blurb: "Calm colours and safe materials for the smallest room." },
    ] },
  ] },
  { slug: "beauty", name: "Beauty", children: [
    { slug: "skincare", name: "Skincare", leaves: [
      { slug: "cleansers", name: "Cleansers", nouns: ["Cleansing Balm", "Gel Cleanser", "Micellar Water", "Cleansing Oil"], adjectives: ["Gentle", "Oat", "Green Tea", "Fragrance-Free", "Hydrating"], price: [1_200, 4_200], weight: [100, 350], options: { kind: "one", name: "Size", values: ["50 ml", "100 ml", "200 ml"], pick: [1, 2] }, blurb: "Removes the day without stripping; suitable for sensitive skin." },
      { slug: "moisturisers", name: "Moisturisers", nouns: ["Day Cream", "Night Cream", "Face Oil", "Hydrating Serum"], adjectives: ["Rich", "Light", "Vitamin C", "Ceramide", "Rosehip"], price: [1_800, 6_900], weight: [60, 250], options: { kind: "one", name: "Size", values: ["30 ml", "50 ml"], pick: [1, 2] }, blurb: "Absorbs quickly and layers well under SPF." },
    ] },
    { slug: "bath-body", name: "Bath & Body", leaves: [
      { slug: "soap", name: "Soap", nouns: ["Soap Bar", "Shampoo Bar", "Hand Wash", "Body Wash"], adjectives: ["Cold-Process", "Oatmeal", "Lavender", "Charcoal", "Goat Milk"], price: [600, 2_400], weight: [90, 500], options: { kind: "one", name: "Scent", values: ["Lavender", "Cedar", "Citrus", "Unscented"], pick: [1, 3] }, blurb: "Made in small batches with plant oils and no palm." },
      { slug: "candles", name: "Candles", nouns: ["Soy Candle", "Pillar Candle", "Tin Candle", "Reed Diffuser"], adjectives: ["Hand-Poured", "Beeswax", "Three-Wick", "Travel", "Amber Glass"], price: [1_400, 5_400], weight: [150, 900], options: { kind: "one", name: "Scent", values: ["Fig & Cedar", "Sea Salt", "Orange Blossom", "Tobacco & Oak", "Fresh Linen"], pick: [2, 3] }, blurb: "A clean burn of about 45 hours; cotton wick, no paraffin." },
    ] },
  ] },
  { slug: "arts-crafts", name: "Arts & Crafts", children: [
    { slug: "handmade", name: "Handmade", leaves: [
      { slug: "ceramics", name: "Ceramics", nouns: ["Bud Vase", "Espresso Cup", "Serving Bowl", "Planter", "Trinket Dish"], adjectives: ["Wheel-Thrown", "Raku", "Speckled", "Matte", "Crackle-Glaze"], price: [1_800, 9_500], weight: [150, 1_500], options: colour(["Moss", "Bone", "Ink", "Ochre"]), blurb: "Thrown and glazed by hand in our studio; each piece is one of a kind." },
      { slug: "textiles", name: "Textiles", nouns: ["Macramé Wall Hanging", "Woven Cushion", "Linen Tea Towel", "Quilted Throw"], adjectives: ["Hand-Woven", "Block-Printed", "Natural Linen", "Indigo", "Patchwork"], price: [1_500, 14_900], weight: [100, 1_800], options: { kind: "none" }, blurb: "Natural fibres, dyed with plants, made slowly." },
    ] },
    { slug: "supplies", name: "Supplies", leaves: [
      { slug: "paints", name: "Paints", nouns: ["Watercolour Set", "Gouache Tubes", "Acrylic Set", "Ink Pots"], adjectives: ["Artist-Grade", "Student", "Pocket", "Half-Pan", "Metallic"], price: [999, 6_900], weight: [100, 900], options: { kind: "none" }, blurb: "Richly pigmented, lightfast and rewettable." },
      { slug: "yarn", name: "Yarn", nouns: ["DK Yarn", "Chunky Yarn", "Sock Yarn", "Mohair Lace"], adjectives: ["Merino", "Alpaca", "Hand-Dyed", "Recycled Cotton", "Superwash"], price: [700, 2_900], weight: [50, 200], options: colour(["Mustard", "Teal", "Cream", "Rust", "Heather"]), blurb: "Springy, even and kind to the needles." },
    ] },
  ] },
];

export interface DemoSeller {
  id: string;
  slug: string;
  name: string;
  type: TenantType;
  plan: Plan;
  currency: string;
  /** SKU prefix, unique per seller. */
  sku: string;
  /** Which stores sell what: a store without `leaves` takes every leaf no other store names. */
  stores: { slug: string; name: string; layout: "classic" | "grid" | "editorial"; primaryColor: string; accentColor: string; leaves?: string[] }[];
  locations: { code: string; name: string }[];
  leaves: string[];
  products: number;
}

const loc = (code: string, name: string) => ({ code, name });

/** Acme Crafts and Bolt Books keep the ids the demo logins and e2e tests know. */
export const DEMO_SELLERS: DemoSeller[] = [
  { id: "5e11e400-0000-4000-8000-00000000ac01", slug: "acme-crafts", name: "Acme Crafts", type: TenantType.SELLER_BUSINESS, plan: Plan.PRO, currency: "USD", sku: "AC",
    stores: [{ slug: "acme-crafts", name: "Acme Crafts", layout: "editorial", primaryColor: "#7c2d12", accentColor: "#f59e0b" }, { slug: "acme-studio-supplies", name: "Acme Studio Supplies", layout: "grid", primaryColor: "#1e3a8a", accentColor: "#f97316", leaves: ["paints", "yarn"] }],
    locations: [loc("studio", "Studio, Portland"), loc("warehouse", "Warehouse, Salem")], leaves: ["ceramics", "textiles", "paints", "yarn", "candles"], products: 40 },
  { id: "5e11e400-0000-4000-8000-00000000b017", slug: "bolt-books", name: "Bolt Books", type: TenantType.SELLER_INDIVIDUAL, plan: Plan.FREE, currency: "USD", sku: "BB",
    stores: [{ slug: "bolt-books", name: "Bolt Books", layout: "classic", primaryColor: "#14532d", accentColor: "#eab308" }],
    locations: [loc("shop", "The shop, Ann Arbor"), loc("garage", "Back-stock garage")], leaves: ["fiction", "non-fiction", "vinyl", "sheet-music"], products: 30 },
  { id: "5e11e400-0000-4000-8000-0000000000c3", slug: "nordic-threads", name: "Nordic Threads", type: TenantType.SELLER_BUSINESS, plan: Plan.ENTERPRISE, currency: "EUR", sku: "NT",
    stores: [{ slug: "nordic-threads", name: "Nordic Threads", layout: "editorial", primaryColor: "#0f172a", accentColor: "#94a3b8" }],
    locations: [loc("oslo", "Oslo fulfilment centre"), loc("berlin", "Berlin hub"), loc("returns", "Returns desk")], leaves: ["t-shirts", "knitwear", "bags", "scarves"], products: 55 },
  { id: "5e11e400-0000-4000-8000-0000000000c4", slug: "greenleaf-market", name: "Greenleaf Market", type: TenantType.MARKETPLACE, plan: Plan.ENTERPRISE, currency: "USD", sku: "GL",
    stores: [{ slug: "greenleaf-home", name: "Greenleaf Home", layout: "grid", primaryColor: "#166534", accentColor: "#a3e635" }, { slug: "greenleaf-garden", name: "Greenleaf Garden", layout: "classic", primaryColor: "#365314", accentColor: "#fde047", leaves: ["planters", "garden-tools"] }],
    locations: [loc("east", "East coast warehouse"), loc("west", "West coast warehouse"), loc("drop-ship", "Drop-ship partners")], leaves: ["cookware", "tableware", "planters", "garden-tools", "nursery"], products: 55 },
  { id: "5e11e400-0000-4000-8000-0000000000c5", slug: "volt-electronics", name: "Volt Electronics", type: TenantType.FRANCHISE, plan: Plan.PRO, currency: "USD", sku: "VE",
    stores: [{ slug: "volt-electronics", name: "Volt Electronics", layout: "grid", primaryColor: "#111827", accentColor: "#22d3ee" }, { slug: "volt-outlet", name: "Volt Outlet", layout: "classic", primaryColor: "#7f1d1d", accentColor: "#fbbf24", leaves: ["chargers", "cases"] }],
    locations: [loc("dc-1", "Distribution centre 1"), loc("store-downtown", "Downtown franchise store")], leaves: ["headphones", "speakers", "chargers", "cases"], products: 45 },
  { id: "5e11e400-0000-4000-8000-0000000000c6", slug: "peak-outdoor", name: "Peak Outdoor Co.", type: TenantType.FRANCHISE, plan: Plan.ENTERPRISE, currency: "USD", sku: "PO",
    stores: [{ slug: "peak-outdoor", name: "Peak Outdoor Co.", layout: "editorial", primaryColor: "#1c1917", accentColor: "#ea580c" }],
    locations: [loc("denver", "Denver warehouse"), loc("boulder", "Boulder store"), loc("moab", "Moab store")], leaves: ["tents", "backpacks", "yoga", "weights"], products: 45 },
  { id: "5e11e400-0000-4000-8000-0000000000c7", slug: "little-sprouts", name: "Little Sprouts", type: TenantType.SELLER_INDIVIDUAL, plan: Plan.FREE, currency: "USD", sku: "LS",
    stores: [{ slug: "little-sprouts", name: "Little Sprouts", layout: "classic", primaryColor: "#9d174d", accentColor: "#fcd34d" }],
    locations: [loc("home", "Home studio"), loc("market-stall", "Saturday market stall")], leaves: ["wooden-toys", "puzzles", "baby-clothing"], products: 30 },
  { id: "5e11e400-0000-4000-8000-0000000000c8", slug: "ember-kitchen", name: "Ember Kitchenware", type: TenantType.SELLER_BUSINESS, plan: Plan.PRO, currency: "USD", sku: "EK",
    stores: [{ slug: "ember-kitchen", name: "Ember Kitchenware", layout: "grid", primaryColor: "#431407", accentColor: "#fb923c" }],
    locations: [loc("main", "Main warehouse"), loc("showroom", "Showroom")], leaves: ["cookware", "tableware"], products: 30 },
  { id: "5e11e400-0000-4000-8000-0000000000c9", slug: "luma-beauty", name: "Luma Beauty", type: TenantType.SELLER_INDIVIDUAL, plan: Plan.PRO, currency: "USD", sku: "LB",
    stores: [{ slug: "luma-beauty", name: "Luma Beauty", layout: "editorial", primaryColor: "#581c87", accentColor: "#f0abfc" }],
    locations: [loc("lab", "Lab & packing room"), loc("3pl", "3PL partner")], leaves: ["cleansers", "moisturisers", "soap", "candles"], products: 30 },
];
