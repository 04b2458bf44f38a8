// Stand-in declaration of the SDK's native `crypt` module for `npm run check:firmware` (@moddable/typings lacks it).
// Types nothing on purpose: crypto.ts states the members it calls in its own interface; mcconfig uses the SDK's typing.
declare module "crypt";
