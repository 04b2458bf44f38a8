// Re-export: the virtual clock lives with host-sim, whose scenario runner drives the Device on it.
export { VirtualTime } from "../../host-sim/virtual-time";
