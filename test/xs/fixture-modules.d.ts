// Type of `import bytes from "fixture:<dir>/<file>"`: test/xs/run.mjs inlines a shared fixture as a Uint8Array.
// Declarations only; never imported at run time.
declare module "fixture:*" {
  const bytes: Uint8Array;
  export default bytes;
}
