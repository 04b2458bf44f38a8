// A household for the season simulator: heaters with a one-node room thermal model, a water heater tank, a base
// load by hour, the outdoor temperature, the subscribed power. Host-only; parses a small JSON file, never decides.

export interface HeaterSpec {
  id: string;
  name: string;
  powerW: number;
  /** 0 never shed … 4 shed first (the box's priority). */
  priority: number;
  setpointC: number;
  /** Heat lost per kelvin of difference with outdoors, W/K. */
  lossWPerK: number;
  /** Heat the room stores per kelvin, Wh/K (with lossWPerK, its time constant). */
  capacityWhPerK: number;
}

export interface WaterHeaterSpec {
  id: string;
  name: string;
  powerW: number;
  priority: number;
  tankL: number;
  setpointC: number;
  /** Hot water drawn per day, litres (at the tank's temperature), 40 % in the morning, 60 % in the evening. */
  dailyUseL: number;
  /** Wired to the meter's off-peak contact: heats only 22:00–06:00 (most French homes). */
  offPeakOnly: boolean;
}

export interface HomeSpec {
  name: string;
  subscribedKVA: number;
  /** What the box does not drive, W, one value per local hour 0–23. */
  baseLoadW: number[];
  /** Outdoor mean by month (January first), °C; the day swings ±dailySwingK (coldest at 05:00). */
  outdoorMeanC: number[];
  dailySwingK: number;
  /** Tempo's red and white days are the cold ones: this much colder than the month's mean on them. */
  redDayColderK: number;
  whiteDayColderK: number;
  heaters: HeaterSpec[];
  waterHeater?: WaterHeaterSpec;
}

/** The household `npm run season` uses without --home: a 100 m² house, 9 kVA, three heaters, a 200 L tank. */
export const DEFAULT_HOME: HomeSpec = {
  name: "Maison de 100 m², 9 kVA, 3 radiateurs, ballon de 200 L",
  subscribedKVA: 9,
  baseLoadW: [250, 220, 200, 200, 200, 220, 400, 700, 600, 400, 350, 400, 700, 500, 350, 350, 400, 600, 1100, 1400, 1200, 900, 600, 350],
  outdoorMeanC: [5, 6, 9, 12, 15, 18, 20, 20, 17, 13, 8, 5],
  dailySwingK: 4,
  redDayColderK: 5,
  whiteDayColderK: 2.5,
  heaters: [
    { id: "salon", name: "Salon", powerW: 2500, priority: 2, setpointC: 20, lossWPerK: 75, capacityWhPerK: 2500 },
    { id: "chambres", name: "Chambres", powerW: 2000, priority: 3, setpointC: 18, lossWPerK: 60, capacityWhPerK: 2000 },
    { id: "sdb", name: "Salle de bain", powerW: 1000, priority: 1, setpointC: 21, lossWPerK: 25, capacityWhPerK: 600 },
  ],
  waterHeater: { id: "ballon", name: "Ballon", powerW: 2400, priority: 4, tankL: 200, setpointC: 55, dailyUseL: 120, offPeakOnly: true },
};

type Obj = Record<string, unknown>;

function numberField(o: Obj, key: string, where: string, errors: string[], min: number, max: number): number {
  const v = o[key];
  if (typeof v !== "number" || !(v >= min && v <= max)) errors.push(`${where}${key}: must be a number between ${min} and ${max}`);
  return typeof v === "number" ? v : min;
}

function textField(o: Obj, key: string, where: string, errors: string[]): string {
  const v = o[key];
  if (typeof v !== "string" || !/^[a-z0-9][a-z0-9_-]{0,31}$/.test(v)) errors.push(`${where}${key}: must be an id (a-z 0-9 _ -)`);
  return String(v);
}

/** A household file: any field left out takes DEFAULT_HOME's; every bad field is named. */
export function parseHome(text: string): { ok: true; home: HomeSpec } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`not JSON (${(error as Error).message})`] };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, errors: ["must be a JSON object"] };
  const o = { ...(DEFAULT_HOME as unknown as Obj), ...(json as Obj) };
  const errors: string[] = [];
  const home: HomeSpec = {
    name: typeof o.name === "string" ? o.name : DEFAULT_HOME.name,
    subscribedKVA: numberField(o, "subscribedKVA", "", errors, 3, 36),
    baseLoadW: Array.isArray(o.baseLoadW) && o.baseLoadW.length === 24 && o.baseLoadW.every((w) => typeof w === "number" && w >= 0) ? (o.baseLoadW as number[]) : (errors.push("baseLoadW: must be 24 numbers ≥ 0 (W per hour)"), []),
    outdoorMeanC: Array.isArray(o.outdoorMeanC) && o.outdoorMeanC.length === 12 && o.outdoorMeanC.every((c) => typeof c === "number") ? (o.outdoorMeanC as number[]) : (errors.push("outdoorMeanC: must be 12 numbers (°C per month)"), []),
    dailySwingK: numberField(o, "dailySwingK", "", errors, 0, 20),
    redDayColderK: numberField(o, "redDayColderK", "", errors, 0, 20),
    whiteDayColderK: numberField(o, "whiteDayColderK", "", errors, 0, 20),
    heaters: [],
  };
  if (!Array.isArray(o.heaters) || o.heaters.length > 9) errors.push("heaters: must be a list of at most 9 heaters");
  else {
    o.heaters.forEach((h: unknown, i: number) => {
      const where = `heaters[${i}].`;
      if (typeof h !== "object" || h === null) return void errors.push(`${where}: must be an object`);
      const x = h as Obj;
      home.heaters.push({
        id: textField(x, "id", where, errors),
        name: typeof x.name === "string" ? x.name : String(x.id),
        powerW: numberField(x, "powerW", where, errors, 100, 10_000),
        priority: numberField(x, "priority", where, errors, 0, 4),
        setpointC: numberField(x, "setpointC", where, errors, 5, 30),
        lossWPerK: numberField(x, "lossWPerK", where, errors, 1, 1000),
        capacityWhPerK: numberField(x, "capacityWhPerK", where, errors, 10, 100_000),
      });
    });
  }
  if (o.waterHeater !== undefined && o.waterHeater !== null) {
    const x = o.waterHeater as Obj;
    const where = "waterHeater.";
    home.waterHeater = {
      id: textField(x, "id", where, errors),
      name: typeof x.name === "string" ? x.name : String(x.id),
      powerW: numberField(x, "powerW", where, errors, 100, 10_000),
      priority: numberField(x, "priority", where, errors, 0, 4),
      tankL: numberField(x, "tankL", where, errors, 10, 1000),
      setpointC: numberField(x, "setpointC", where, errors, 30, 90),
      dailyUseL: numberField(x, "dailyUseL", where, errors, 0, 2000),
      offPeakOnly: x.offPeakOnly !== false,
    };
  }
  const ids = home.heaters.map((h) => h.id).concat(home.waterHeater ? [home.waterHeater.id] : []);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) errors.push(`duplicate id ${id}`);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, home };
}

/** Water heat capacity, Wh per litre per kelvin. */
export const WATER_WH_PER_L_K = 1.163;
export const COLD_WATER_C = 12;
/** A tank's standing loss, W per kelvin above the room (≈ 1.5 kWh a day for 200 L at 55 °C). */
export const TANK_LOSS_W_PER_K = 1.7;
/** A heater's own thermostat swings this much either side of its target. */
export const THERMOSTAT_HALF_BAND_K = 0.25;
/** Eco order: the heater holds its setpoint less 3.5 K (the fil-pilote convention). */
export const ECO_DROP_K = 3.5;
/** Frost protection (hors-gel) keeps a room above this. */
export const FROST_C = 7;
