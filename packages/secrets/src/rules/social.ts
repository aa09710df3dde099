import type { SecretRule } from "../rule.js";
import { kv, pre } from "./build.js";

const DASHED = { edge: "A-Za-z0-9_-" };

/** Social networks, media platforms and their developer APIs. */
export const socialRules: SecretRule[] = [
  kv("facebook-secret", "Facebook", ["facebook", "fb_secret", "fb_app_secret"], "[a-f0-9]{32}"),
  pre("facebook-access-token", "Facebook", ["|", "%7c"], "[0-9]{15,16}(?:\\||%7[Cc])[A-Za-z0-9_-]{27,40}", {
    keywords: ["facebook", "fb_"],
    edge: "A-Za-z0-9_-",
    entropy: 3.5,
    confidence: "medium",
    derive: false,
    examples: {
      secret: [
        'FACEBOOK_ACCESS_TOKEN="{15 of [0-9]}|{27 of [A-Za-z0-9_-]}"',
        "fb_token: {16 of [0-9]}%7C{32 of [A-Za-z0-9_-]}",
      ],
      clean: ['FACEBOOK_ACCESS_TOKEN="000000000000000|xxxxxxxxxxxxxxxxxxxxxxxxxxx"'],
    },
  }),
  // EAA + the app's part (EAAB, EAAG, EAAC, EAAM, EAAx…: the fourth character varies by app) +
  // 100 or more letters and digits; a base64 character on either side means a piece of base64.
  pre("facebook-page-access-token", "Facebook", ["eaa"], "EAA[A-Za-z0-9]{100,}", {
    description: "Meta (Facebook) Graph API access token (EAA prefix)",
    edge: "A-Za-z0-9_+/=",
    entropy: 4,
    examples: {
      secret: [
        'const ACCESS_TOKEN = "EAAG{150 of [A-Za-z0-9]}ZDZD";',
        "curl 'https://graph.facebook.com/v20.0/me?access_token=EAAx{180 of [A-Za-z0-9]}ZD'",
      ],
      clean: ["data = 'MIIB+EAAB{120 of [A-Za-z0-9]}/Q=='"],
    },
  }),
  kv("instagram-access-token", "Instagram", ["instagram"], "IG[A-Za-z0-9_-]{100,300}", DASHED),
  kv("twitter-api-key", "Twitter", ["twitter"], "[A-Za-z0-9]{25}", { entropy: 3 }),
  kv("twitter-api-secret", "Twitter", ["twitter"], "[A-Za-z0-9]{50}", { entropy: 3.5 }),
  kv("twitter-access-token", "Twitter", ["twitter"], "[0-9]{15,25}-[A-Za-z0-9]{20,40}", { entropy: 3 }),
  kv("twitter-access-secret", "Twitter", ["twitter"], "[A-Za-z0-9]{45}", { entropy: 3.5 }),
  pre("twitter-bearer-token", "Twitter", ["aaaaaaaaaaaaaaaaaaaaa"], "A{22}[A-Za-z0-9%]{80,100}", {
    edge: "A-Za-z0-9%",
    entropy: 3,
    // Bearer tokens are URL-encoded base64: only %2B, %2F and %3D escapes occur.
    derive: false,
    examples: {
      secret: ["AAAAAAAAAAAAAAAAAAAAAA{30 of [A-Za-z0-9]}%2B{20 of [A-Za-z0-9]}%3D{30 of [A-Za-z0-9]}"],
      clean: ["AAAAAAAAAAAAAAAAAAAAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"],
    },
  }),
  kv("linkedin-client-id", "LinkedIn", ["linkedin", "linked-in", "linked_in"], "[a-z0-9]{14}", { entropy: 3 }),
  kv("linkedin-client-secret", "LinkedIn", ["linkedin", "linked-in", "linked_in"], "[A-Za-z0-9]{16}", { entropy: 3 }),
  kv("reddit-client-secret", "Reddit", ["reddit"], "[A-Za-z0-9_-]{27,30}", { ...DASHED, entropy: 3.5 }),
  kv("pinterest-access-token", "Pinterest", ["pinterest"], "pina_[A-Za-z0-9]{90,120}", DASHED),
  kv("tiktok-client-secret", "TikTok", ["tiktok"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("snapchat-client-secret", "Snapchat", ["snapchat", "snap_client"], "[A-Za-z0-9_-]{43}", { ...DASHED, entropy: 4 }),
  kv("tumblr-consumer-secret", "Tumblr", ["tumblr"], "[A-Za-z0-9]{50}", { entropy: 4 }),
  kv("vimeo-access-token", "Vimeo", ["vimeo"], "[a-f0-9]{32}"),
  kv("flickr-access-token", "Flickr", ["flickr"], "[a-z0-9]{32}", { entropy: 3 }),
  kv("mastodon-access-token", "Mastodon", ["mastodon"], "[A-Za-z0-9_-]{43}", { ...DASHED, entropy: 4 }),
  kv("bluesky-app-password", "Bluesky", ["bluesky", "bsky"], "[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", DASHED),
  kv("yelp-api-key", "Yelp", ["yelp"], "[A-Za-z0-9_-]{128}", { ...DASHED, entropy: 4 }),
  kv("foursquare-client-secret", "Foursquare", ["foursquare"], "[A-Z0-9]{48}", { entropy: 3.5 }),
  kv("meetup-api-key", "Meetup", ["meetup"], "[a-f0-9]{26,32}"),
  kv("eventbrite-token", "Eventbrite", ["eventbrite"], "[A-Z0-9]{20}", { entropy: 3.5 }),
  kv("steam-web-api-key", "Steam", ["steam"], "[A-F0-9]{32}"),
  kv("riot-games-api-key", "Riot Games", ["riot"], "RGAPI-[a-f0-9-]{36}", DASHED),
  kv("genius-access-token", "Genius", ["genius"], "[A-Za-z0-9_-]{64}", { ...DASHED, entropy: 4 }),
  kv("lastfm-api-key", "Last.fm", ["lastfm", "last_fm", "last.fm"], "[a-f0-9]{32}"),
  kv("soundcloud-client-secret", "SoundCloud", ["soundcloud"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
];
