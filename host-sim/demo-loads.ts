// host-sim's board: the loads "wired" to the simulated box, as manifest.json's config.loads is for the ESP32.
// Host-only data; used until the owner saves settings, and again after a factory reset (like the firmware).

// One line per load: a living room on two pilot wires, bedrooms on one, a water heater on a relay.
export const DEMO_LOADS = Object.freeze([
  Object.freeze({ id: "salon", name: "Salon", kind: "fil-pilote-2", priority: 2, nominalPowerW: 2000 }),
  Object.freeze({ id: "chambres", name: "Chambres", kind: "fil-pilote-1", priority: 3, nominalPowerW: 1500 }),
  Object.freeze({ id: "chauffe-eau", name: "Chauffe-eau", kind: "relay", priority: 4, nominalPowerW: 2400 }),
]);
