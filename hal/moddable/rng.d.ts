// Declaration for the Moddable `rng` module (modules/crypt/etc/rng), which @moddable/typings lacks.
// Types only: the module returns n bytes from the platform's cryptographic random source.
declare module "rng" {
  const RNG: {
    get(count: number): ArrayBuffer;
  };
  export default RNG;
}
