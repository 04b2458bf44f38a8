// Types for the one call host-sim makes into qrcode-terminal (the package ships none).
declare module "qrcode-terminal" {
  const qrcode: {
    generate(input: string, options: { small?: boolean }, callback: (qr: string) => void): void;
  };
  export default qrcode;
}
