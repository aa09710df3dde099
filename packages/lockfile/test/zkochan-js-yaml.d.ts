// pnpm's YAML reader (test-only devDependency; it ships no types).
declare module "@zkochan/js-yaml" {
  const jsYaml: { load(text: string): unknown };
  export default jsYaml;
}
