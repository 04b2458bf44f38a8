// The SDK's `onewire` module for `npm run check:firmware` (@moddable/typings lacks it): the types of onewire-bus.ts,
// which say what the driver's C really takes. mcconfig's own tsc reads the SDK's onewire.d.ts instead.
declare module "onewire" {
  import type { OneWireClass } from "./onewire-bus";
  const OneWire: OneWireClass;
  export default OneWire;
}
