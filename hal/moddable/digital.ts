// Relay coils, LEDs and the push button on embedded:io/digital, with each pin's polarity from the manifest config.
// Never decides anything: `on` is logical; active-low wiring is inverted here and nowhere else.
import Digital from "embedded:io/digital";
import type { DigitalInput, DigitalOutput, Led } from "../types";

export interface PinConfig {
  pin: number;
  activeLow?: boolean;
}

export function openOutput(config: PinConfig): DigitalOutput & Led {
  const io = new Digital({ pin: config.pin, mode: Digital.Output });
  const write = (on: boolean): void => io.write(on !== (config.activeLow === true) ? 1 : 0);
  write(false);
  return { write, set: write };
}

/** The button: pulled up, pressed = low unless configured otherwise; edges both ways, debounced upstream. */
export function openButton(config: PinConfig): DigitalInput {
  let handler: ((active: boolean) => void) | undefined;
  const activeLow = config.activeLow !== false;
  const read = (io: Digital): boolean => (io.read() === 1) !== activeLow;
  const io = new Digital({
    pin: config.pin,
    mode: activeLow ? Digital.InputPullUp : Digital.InputPullDown,
    edge: Digital.Rising | Digital.Falling,
    onReadable(this: Digital) {
      handler?.(read(this));
    },
  });
  return {
    read: () => read(io),
    onChange(next) {
      handler = next;
    },
  };
}
