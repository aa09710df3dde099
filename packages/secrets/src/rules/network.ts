import type { SecretRule } from "../rule.js";
import { kv, pre, UUID, UUID_KV } from "./build.js";

/**
 * VPN and mesh networks, network appliances, DNS hosting and registrars, CDNs: credentials that
 * open a network or move a domain. Formats from the vendors' API documentation; a value with no
 * prefix of its own is only a secret next to the vendor's name.
 */

const DASHED = { edge: "A-Za-z0-9_-" };
const B64 = { edge: "A-Za-z0-9+/=" };

export const networkRules: SecretRule[] = [
  // PAN-OS XML/REST API keys are base64 and start with the encoded key header "LUFRPT".
  pre("paloalto-panos-api-key", "Palo Alto Networks", ["lufrpt"], "LUFRPT[A-Za-z0-9+/]{34,300}={0,2}", {
    ...B64,
    entropy: 4,
    confidence: "medium",
    description: "Palo Alto Networks PAN-OS API key (base64 starting LUFRPT)",
  }),
  kv("fortinet-api-token", "Fortinet", ["fortigate", "fortios", "fortinet", "fortimanager"], "[A-Za-z0-9]{30}", {
    entropy: 3.8,
    description: "FortiGate/FortiOS REST API token (30 characters) next to its name",
  }),
  kv("opnsense-api-key", "OPNsense", ["opnsense"], "[A-Za-z0-9+/]{80}", {
    ...B64,
    entropy: 4.5,
    description: "OPNsense API key or secret (80 base64 characters) next to its name",
  }),
  kv(
    "cisco-umbrella-api-key",
    "Cisco Umbrella",
    ["umbrella_api", "umbrella-api", "umbrella_secret", "opendns"],
    "[a-f0-9]{32}",
    {
      entropy: 3,
    },
  ),
  kv("zscaler-api-key", "Zscaler", ["zscaler", "zia_api", "zpa_client_secret"], "[A-Za-z0-9]{12,64}", { entropy: 3.5 }),
  // A cloudflared tunnel token is base64 of {"a":account,"t":tunnel,"s":secret}.
  kv(
    "cloudflare-access-service-token",
    "Cloudflare",
    ["cf-access-client-secret", "cf_access_client_secret", "cloudflare_access_client_secret"],
    "[a-f0-9]{64}",
    { description: "Cloudflare Access service token client secret (64 hex) next to its name" },
  ),
  kv(
    "headscale-api-key",
    "Headscale",
    ["headscale"],
    "(?:hskey-[a-z]{3,6}-[A-Za-z0-9_-]{20,100}|[a-f0-9]{48}|[A-Za-z0-9_-]{10}\\.[A-Za-z0-9_-]{32,64})",
    { edge: "A-Za-z0-9_.-", entropy: 3.5, description: "Headscale API or pre-auth key next to its name" },
  ),
  kv("netmaker-token", "Netmaker", ["netmaker"], "[A-Za-z0-9+/=_-]{40,300}", { ...B64, entropy: 4.2 }),
  kv("pritunl-api-secret", "Pritunl", ["pritunl"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("expressvpn-activation-code", "ExpressVPN", ["expressvpn", "express_vpn"], "[A-Z0-9]{23}", {
    entropy: 3.5,
    description: "ExpressVPN activation code (23 upper-case characters) next to its name",
  }),
  kv("protonvpn-openvpn-credential", "Proton VPN", ["protonvpn", "proton_vpn", "proton-vpn"], "[A-Za-z0-9+_-]{16,40}", {
    edge: "A-Za-z0-9+_-",
    entropy: 3.8,
    exclude: "user|name|server|country|protocol",
  }),
  kv("surfshark-credential", "Surfshark", ["surfshark"], "[A-Za-z0-9]{20,40}", {
    entropy: 3.8,
    exclude: "user|name|server",
  }),
  kv(
    "pia-vpn-credential",
    "Private Internet Access",
    ["pia_pass", "pia-pass", "pia_token", "privateinternetaccess"],
    "[A-Za-z0-9]{20,130}",
    {
      entropy: 3.8,
    },
  ),

  // DNS hosting and registrars.
  pre("porkbun-api-key", "Porkbun", ["pk1_", "sk1_"], "[ps]k1_[a-f0-9]{64}", {
    description: "Porkbun API key or secret key (pk1_/sk1_ + 64 hex)",
  }),
  pre("godaddy-sso-key", "GoDaddy", ["sso-key"], "sso-key [A-Za-z0-9_]{20,60}:(?<secret>[A-Za-z0-9]{16,32})", {
    edge: "A-Za-z0-9",
    entropy: 3.5,
    description: "GoDaddy API key and secret in an Authorization: sso-key header",
  }),
  kv(
    "godaddy-api-key",
    "GoDaddy",
    ["godaddy", "go_daddy"],
    "(?:[A-Za-z0-9]{8,24}_[A-Za-z0-9]{16,30}|[A-Za-z0-9]{22})",
    {
      entropy: 3.5,
      description: "GoDaddy API key (key_suffix) or secret (22 characters) next to its name",
    },
  ),
  kv("namecheap-api-key", "Namecheap", ["namecheap"], "[a-f0-9]{32}"),
  kv("gandi-api-key", "Gandi", ["gandi"], "(?:[a-f0-9]{40}|[A-Za-z0-9]{24})", { entropy: 3.5 }),
  kv("dnsimple-api-token", "DNSimple", ["dnsimple"], "(?:dnsimple_[a-z]_[A-Za-z0-9]{20,48}|[A-Za-z0-9]{32})", {
    entropy: 3.5,
  }),
  kv("ns1-api-key", "NS1", ["ns1_api", "ns1-api", "ns1_key", "nsone"], "[A-Za-z0-9]{20}", { entropy: 3.5 }),
  kv("namecom-api-token", "Name.com", ["namecom", "name_com", "name.com"], "[a-f0-9]{40}"),
  kv("duckdns-token", "Duck DNS", ["duckdns"], UUID, UUID_KV),
  kv("desec-token", "deSEC", ["desec"], "[A-Za-z0-9_-]{28}", { ...DASHED, entropy: 3.8 }),
  kv("dynadot-api-key", "Dynadot", ["dynadot"], "[A-Za-z0-9]{20,50}", { entropy: 3.8 }),
  kv("dnsmadeeasy-api-key", "DNS Made Easy", ["dnsmadeeasy", "dns_made_easy", "dme_api", "dme_secret"], UUID, {
    edge: "A-Za-z0-9-",
  }),
  kv("powerdns-api-key", "PowerDNS", ["powerdns", "pdns_api", "pdns-api", "pdns_key"], "[A-Za-z0-9]{16,64}", {
    entropy: 3.5,
  }),
  kv("hetzner-dns-token", "Hetzner", ["hetzner_dns", "hetzner-dns", "hetznerdns", "hdns_token"], "[A-Za-z0-9]{32}", {
    entropy: 3.8,
  }),
  kv("constellix-api-key", "Constellix", ["constellix"], UUID, UUID_KV),
  kv("netcup-api-key", "netcup", ["netcup"], "[A-Za-z0-9]{20,40}", { entropy: 3.8 }),

  // CDNs and edge platforms.
  kv("keycdn-api-key", "KeyCDN", ["keycdn"], "[A-Za-z0-9]{32}", { entropy: 3.8 }),
  kv("stackpath-client-secret", "StackPath", ["stackpath"], "(?:[a-f0-9]{64}|[a-f0-9]{32})"),
  kv("imperva-api-key", "Imperva", ["imperva", "incapsula"], UUID, UUID_KV),
  kv("gcore-api-token", "Gcore", ["gcore", "g_core", "gcorelabs"], "\\d{3,8}\\$[a-f0-9]{64,160}", {
    edge: "A-Za-z0-9$",
    description: "Gcore permanent API token (id$hex) next to its name",
  }),
  kv("cdn77-api-token", "CDN77", ["cdn77"], "[A-Za-z0-9]{32,64}", { entropy: 3.8 }),
  kv("sucuri-api-key", "Sucuri", ["sucuri"], "[a-f0-9]{32}"),
  kv("edgecast-token", "Edgio", ["edgecast", "edgio", "verizon_media_token"], "[A-Za-z0-9-]{36,64}", {
    edge: "A-Za-z0-9-",
    entropy: 3.5,
  }),

  // Remote access and IT management (RMM) platforms: an API key opens every managed machine.
  kv("atera-api-key", "Atera", ["atera"], "[a-f0-9]{32}"),
  kv("teamviewer-script-token", "TeamViewer", ["teamviewer"], "\\d{5,10}-[A-Za-z0-9]{20}", {
    description: "TeamViewer API script token (<id>-<20 characters>) next to its name",
  }),
  kv("ninjaone-client-secret", "NinjaOne", ["ninjaone", "ninjarmm", "ninja_rmm"], "[A-Za-z0-9_-]{40,64}", {
    edge: "A-Za-z0-9_-",
    entropy: 4,
    exclude: "client_id|clientid|instance|url",
  }),
  kv("connectwise-private-key", "ConnectWise", ["connectwise", "cw_private_key", "cw_manage"], "[A-Za-z0-9]{16}", {
    entropy: 3.5,
    exclude: "company|client_id|clientid|public|site|url",
  }),
  kv("datto-rmm-api-secret", "Datto", ["datto"], "[A-Z0-9]{32}", { entropy: 3.5, exclude: "url|key_id|public" }),
  kv("kaseya-api-token", "Kaseya", ["kaseya", "vsa_token"], "[A-Za-z0-9_-]{32,64}", {
    edge: "A-Za-z0-9_-",
    entropy: 4,
  }),
  kv("anydesk-license-key", "AnyDesk", ["anydesk"], "[A-Z0-9]{8,20}", { entropy: 3.2, exclude: "id|alias|address" }),
  kv("splashtop-deploy-code", "Splashtop", ["splashtop"], "[A-Z0-9]{12}", { entropy: 3.2 }),
  kv("meshcentral-login-key", "MeshCentral", ["meshcentral", "meshcentral_login_key"], "[A-Za-z0-9@$]{80,160}", {
    edge: "A-Za-z0-9@$",
    entropy: 4.5,
  }),

  // Certificate services.
  kv("sslmate-api-key", "SSLMate", ["sslmate"], "[A-Za-z0-9_]{30,40}", { entropy: 3.8 }),
  kv("zerossl-access-key", "ZeroSSL", ["zerossl"], "[a-f0-9]{32}"),
  kv("certcentral-api-key", "DigiCert", ["digicert", "certcentral"], "[A-Z0-9]{40,70}", { entropy: 3.5 }),
  kv(
    "acme-eab-hmac-key",
    "ACME (EAB)",
    ["eab_hmac_key", "eab-hmac-key", "eab_key", "eab-kid-hmac"],
    "[A-Za-z0-9_-]{40,90}",
    {
      edge: "A-Za-z0-9_-",
      entropy: 4,
    },
  ),
];
