// The accessory database: accessories → services → characteristics with instance ids, the GET /accessories JSON,
// and validated reads and writes answered with HAP statuses. Never touches the network, the store or the clock.
import { CHARACTERISTICS, HAP_STATUS, SERVICES, type CharacteristicKind, type CharacteristicType, type HapValue, type ServiceKind } from "./catalog";

/** Who caused a write, so the server can keep the resulting event away from that session. */
export interface WriteContext {
  sessionId: number;
}

/**
 * A write handler returns the value the characteristic holds afterwards (it may differ from what was written), or
 * a refusal's status, with the value still in force when the controller must be told it (its tile flipped early).
 */
export type WriteHandler = (value: HapValue, context: WriteContext) => HapValue | { status: number; value?: HapValue };

/** A characteristic's live value through an object's methods (see CharacteristicDefinition.target). */
export interface CharacteristicTarget {
  read(): HapValue;
  write?: WriteHandler;
}

export interface CharacteristicDefinition {
  kind: CharacteristicKind;
  /** A constant (information strings) … */
  value?: HapValue;
  /** … or a live reader. */
  read?: () => HapValue;
  write?: WriteHandler;
  /**
   * … or an object that reads and writes it: one per Switch instead of a closure per characteristic (on XS each
   * closure is a function and its scope, ≈10 slots; ten loads' Switches are a real share of the heap).
   */
  target?: CharacteristicTarget;
  /** Narrows the type's valid values (e.g. Target state [1, 3]). */
  validValues?: readonly number[];
}

export interface ServiceDefinition {
  kind: ServiceKind;
  /**
   * The service's instance id, its characteristics taking the next ones. Absent: right after the previous service.
   * Services added and removed at run time (a switch per load) carry their own, so the ones around never move.
   */
  iid?: number;
  primary?: boolean;
  characteristics: CharacteristicDefinition[];
}

export interface AccessoryDefinition {
  aid: number;
  services: ServiceDefinition[];
}

export interface ReadOptions {
  meta?: boolean;
  perms?: boolean;
  type?: boolean;
}

/** One entry of a /characteristics response; `status` is set on failures (and always in a 207). */
export interface CharacteristicResult {
  aid: number;
  iid: number;
  value?: HapValue | null;
  status?: number;
  [field: string]: unknown;
}

interface Entry {
  aid: number;
  iid: number;
  spec: CharacteristicType;
  definition: CharacteristicDefinition;
  validValues?: readonly number[];
}

export class AccessoryDatabase {
  private readonly entries = new Map<string, Entry>();
  private readonly json: { accessories: unknown[] };

  constructor(private readonly accessories: readonly AccessoryDefinition[]) {
    const tree: unknown[] = [];
    for (const accessory of accessories) {
      // Instance ids are assigned in declaration order, so the same tree always yields the same ids (c# stays put).
      let iid = 1;
      const usedServiceIids = new Set<number>();
      const services: Record<string, unknown>[] = [];
      for (const service of accessory.services) {
        if (service.iid !== undefined) iid = service.iid;
        if (this.entries.has(key(accessory.aid, iid)) || usedServiceIids.has(iid)) throw new Error(`homekit: instance id ${accessory.aid}.${iid} used twice`);
        usedServiceIids.add(iid);
        const serviceJson: Record<string, unknown> = { type: SERVICES[service.kind], iid: iid++, characteristics: [] as Entry[] };
        if (service.primary) serviceJson.primary = true;
        const entries: Entry[] = [];
        for (const definition of service.characteristics) {
          const spec: CharacteristicType = CHARACTERISTICS[definition.kind];
          const entry: Entry = { aid: accessory.aid, iid: iid++, spec, definition, validValues: definition.validValues ?? spec.validValues };
          if (this.entries.has(key(entry.aid, entry.iid)) || usedServiceIids.has(entry.iid)) throw new Error(`homekit: instance id ${entry.aid}.${entry.iid} used twice`);
          this.entries.set(key(entry.aid, entry.iid), entry);
          entries.push(entry);
        }
        serviceJson.characteristics = entries;
        services.push(serviceJson);
      }
      tree.push({ aid: accessory.aid, services });
    }
    this.json = { accessories: tree };
  }

  has(aid: number, iid: number): boolean {
    return this.entries.has(key(aid, iid));
  }

  /** The GET /accessories document, with current values. */
  toJson(): { accessories: unknown[] } {
    return {
      accessories: (this.json.accessories as { aid: number; services: Record<string, unknown>[] }[]).map((accessory) => ({
        aid: accessory.aid,
        services: accessory.services.map((service) => ({
          ...service,
          // Inside the accessory tree a characteristic carries no aid (HAP-NodeJS's layout).
          characteristics: (service.characteristics as Entry[]).map((entry) => {
            const { aid: _aid, ...rest } = this.describe(entry, { meta: true, perms: true, type: true }, true);
            return rest;
          }),
        })),
      })),
    };
  }

  /** A short digest of everything but values: changes exactly when the published database shape changes. */
  shapeDigest(): string {
    const shape = JSON.stringify(this.toJson(), (name, value) => (name === "value" ? undefined : value));
    let hash = 0x811c9dc5;
    for (let i = 0; i < shape.length; i++) hash = Math.imul(hash ^ shape.charCodeAt(i), 0x01000193) >>> 0;
    return hash.toString(16);
  }

  read(aid: number, iid: number, options: ReadOptions = {}): CharacteristicResult {
    const entry = this.entries.get(key(aid, iid));
    if (entry === undefined) return { aid, iid, status: HAP_STATUS.ResourceDoesNotExist };
    if (entry.spec.perms.indexOf("pr") < 0) return { aid, iid, status: HAP_STATUS.WriteOnly };
    const result = this.describe(entry, options, true);
    if (result.value === null) return { aid, iid, status: HAP_STATUS.ServiceCommunicationFailure };
    return result;
  }

  /** Validates, then hands the value to the handler; returns the status and the resulting value. */
  write(aid: number, iid: number, value: unknown, context: WriteContext): { status: number; value?: HapValue } {
    // On a refusal, `value` (when the handler gives one) is what the characteristic still holds: the server tells
    // every subscriber, the writer included, so a tile the Home app flipped ahead of the answer flips back.
    const entry = this.entries.get(key(aid, iid));
    if (entry === undefined) return { status: HAP_STATUS.ResourceDoesNotExist };
    const definition = entry.definition;
    const target = definition.target;
    if (entry.spec.perms.indexOf("pw") < 0 || (definition.write === undefined && target?.write === undefined)) return { status: HAP_STATUS.ReadOnly };
    const checked = this.validate(entry, value);
    if (checked === undefined) return { status: HAP_STATUS.InvalidValue };
    let outcome: HapValue | { status: number; value?: HapValue };
    try {
      outcome = definition.write !== undefined ? definition.write(checked, context) : (target as Required<CharacteristicTarget>).write(checked, context);
    } catch {
      // A throwing handler is our bug; the controller only learns that the write did not happen.
      return { status: HAP_STATUS.ServiceCommunicationFailure };
    }
    if (typeof outcome === "object") return outcome.value === undefined ? { status: outcome.status } : { status: outcome.status, value: this.normalise(entry, outcome.value) };
    return { status: HAP_STATUS.Success, value: this.normalise(entry, outcome) };
  }

  /** HAP_STATUS.Success when the characteristic can be subscribed to. */
  notifyStatus(aid: number, iid: number): number {
    const entry = this.entries.get(key(aid, iid));
    if (entry === undefined) return HAP_STATUS.ResourceDoesNotExist;
    return entry.spec.perms.indexOf("ev") < 0 ? HAP_STATUS.NotificationNotSupported : HAP_STATUS.Success;
  }

  /** Current value of every notifiable characteristic, for change detection after the app's state moves. */
  notifiableValues(): { aid: number; iid: number; value: HapValue }[] {
    const out: { aid: number; iid: number; value: HapValue }[] = [];
    for (const entry of this.entries.values()) {
      if (entry.spec.perms.indexOf("ev") < 0) continue;
      const value = this.currentValue(entry);
      if (value !== undefined) out.push({ aid: entry.aid, iid: entry.iid, value });
    }
    return out;
  }

  /** Strict with the wire: wrong type, out of range, not a valid value or not on the step grid → undefined. */
  private validate(entry: Entry, value: unknown): HapValue | undefined {
    const spec = entry.spec;
    switch (spec.format) {
      case "bool":
        if (typeof value === "boolean") return value;
        return value === 0 || value === 1 ? value === 1 : undefined;
      case "string":
        return typeof value === "string" && value.length <= (spec.maxLen ?? 64) ? value : undefined;
      case "uint8": {
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 255 || !inRange(spec, value)) return undefined;
        if (entry.validValues !== undefined && entry.validValues.indexOf(value) < 0) return undefined;
        return value;
      }
      case "float":
        if (typeof value !== "number" || !Number.isFinite(value) || !inRange(spec, value)) return undefined;
        return roundToStep(value, spec.minStep);
    }
  }

  private currentValue(entry: Entry): HapValue | undefined {
    try {
      const definition = entry.definition;
      const raw = definition.read !== undefined ? definition.read() : definition.target !== undefined ? definition.target.read() : definition.value;
      return raw === undefined ? undefined : this.normalise(entry, raw);
    } catch {
      return undefined;
    }
  }

  /** Our own values are clamped onto the published range, so a sensor glitch cannot make a controller reject the accessory. */
  private normalise(entry: Entry, value: HapValue): HapValue {
    const spec = entry.spec;
    if (spec.format === "bool") return Boolean(value);
    if (spec.format === "string") return String(value).slice(0, spec.maxLen ?? 64);
    let number = Number(value);
    if (!Number.isFinite(number)) number = spec.minValue ?? 0;
    if (spec.minValue !== undefined && number < spec.minValue) number = spec.minValue;
    if (spec.maxValue !== undefined && number > spec.maxValue) number = spec.maxValue;
    return spec.format === "float" ? roundToStep(number, spec.minStep) : Math.round(number);
  }

  private describe(entry: Entry, options: ReadOptions, withValue: boolean): CharacteristicResult {
    const spec = entry.spec;
    const result: CharacteristicResult = { aid: entry.aid, iid: entry.iid };
    if (options.type) result.type = spec.type;
    if (withValue && spec.perms.indexOf("pr") >= 0) result.value = this.currentValue(entry) ?? null;
    if (options.perms) result.perms = spec.perms.slice();
    if (options.meta) {
      result.format = spec.format;
      if (spec.unit !== undefined) result.unit = spec.unit;
      if (spec.minValue !== undefined) result.minValue = spec.minValue;
      if (spec.maxValue !== undefined) result.maxValue = spec.maxValue;
      if (spec.minStep !== undefined) result.minStep = spec.minStep;
      if (spec.maxLen !== undefined) result.maxLen = spec.maxLen;
      if (entry.validValues !== undefined) result["valid-values"] = entry.validValues.slice();
    }
    return result;
  }
}

function key(aid: number, iid: number): string {
  return `${aid}.${iid}`;
}

function inRange(spec: CharacteristicType, value: number): boolean {
  return (spec.minValue === undefined || value >= spec.minValue) && (spec.maxValue === undefined || value <= spec.maxValue);
}

function roundToStep(value: number, step: number | undefined): number {
  if (step === undefined) return value;
  // Divide by the inverse step: 215 / 10 gives 21.5 exactly, where 215 * 0.1 gives 21.500000000000004.
  const inverse = Math.round(1 / step);
  return Math.round(value * inverse) / inverse;
}
