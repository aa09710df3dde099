// spdx-expression-parse ships no types; this is the part rampart uses.
declare module "spdx-expression-parse" {
  export type LicenseInfo = { license: string; plus?: boolean; exception?: string };
  export type ConjunctionInfo = {
    conjunction: "and" | "or";
    left: LicenseInfo | ConjunctionInfo;
    right: LicenseInfo | ConjunctionInfo;
  };
  /** Throws on anything that is not a valid SPDX license expression. */
  export default function parse(expression: string): LicenseInfo | ConjunctionInfo;
}
