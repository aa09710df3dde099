/**
 * Real repository layouts for the checks' tests: workflow files as projects write them (actions
 * pinned or not, permissions, installs), hooks as husky, lefthook and pre-commit keep them.
 */

export const CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2";
export const SETUP_NODE = "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0";
export const ATTEST = "actions/attest-build-provenance@e8998f949152b193b063cb0ec769d69d929409be # v2.4.0";
export const UPLOAD = "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2";

export const PACKAGE_JSON = `${JSON.stringify({ name: "app", version: "1.0.0", scripts: { test: "node --test" } }, null, 2)}\n`;

/** An npm v3 lockfile with one registry package, with (or without) its integrity hash. */
export function packageLock(integrity = true): string {
  const pkg: Record<string, unknown> = {
    version: "1.2.8",
    resolved: "https://registry.npmjs.org/minimist/-/minimist-1.2.8.tgz",
    license: "MIT",
  };
  if (integrity) pkg.integrity = `sha512-${"A".repeat(86)}==`;
  return `${JSON.stringify(
    {
      name: "app",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: {
        "": { name: "app", version: "1.0.0", dependencies: { minimist: "^1.2.8" } },
        "node_modules/minimist": pkg,
      },
    },
    null,
    2,
  )}\n`;
}

/** A least-privilege CI workflow: pinned actions, frozen install, secret scan, lockfile check, SBOM, attestation. */
export const HARDENED_CI = `name: ci
on:
  pull_request:
  push:
    branches: [main]
permissions: {}
jobs:
  check:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
          fetch-depth: 0
      - uses: ${SETUP_NODE}
        with:
          node-version: 24
      - run: npm ci --ignore-scripts
      - run: node_modules/.bin/rampart secrets scan --range "$RANGE"
      - run: node_modules/.bin/rampart signatures verify "$RANGE"
      - run: node_modules/.bin/rampart lockfile check
      - run: node_modules/.bin/rampart deps check --db osv
      - run: npx license-checker --onlyAllow "MIT;Apache-2.0"
  sbom:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
      id-token: write
      attestations: write
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - run: npm ci --ignore-scripts
      - run: SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) node_modules/.bin/rampart sbom --output sbom.cdx.json
      - uses: ${ATTEST}
        with:
          subject-path: sbom.cdx.json
      - uses: ${UPLOAD}
        with:
          name: sbom
          path: sbom.cdx.json
`;

/** What many projects start with: default token, tags instead of SHAs, npm install, no scans. */
export const LOOSE_CI = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
      - run: npm install
      - run: npm test
      - uses: actions/upload-artifact@v4
        with:
          name: dist
          path: dist
`;

/** A pull_request_target workflow that checks out the pull request's head and echoes its title. */
export const PWN_REQUEST = `name: pr
on: pull_request_target
permissions:
  contents: write
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: echo "\${{ github.event.pull_request.title }}"
`;

export const RAMPART_PRE_COMMIT = `# >>> rampart (managed by \`rampart init\`)
if [ -f .rampart/config.yaml ]; then
  "node_modules/.bin/rampart" hook pre-commit || exit 1
fi
# <<< rampart
`;

export const RAMPART_PRE_PUSH = `# >>> rampart (managed by \`rampart init\`)
"node_modules/.bin/rampart" hook pre-push "$@" || exit 1
# <<< rampart
`;

export const POLICY = `version: 1
signatures:
  required: true
deps:
  vulnerabilities:
    failOn: high
hooks:
  protectedBranches: [main]
`;
