import {
  MAX_PLAYERS,
  MIN_PLAYERS,
  OPTIONAL_ROLES,
  type EngineErrorCode,
  type OptionalRole,
  type Role,
  type RoomOptions,
  type Side,
} from "@avalon/protocol";

/** Quests in a game; three of one kind decide it. */
export const QUEST_COUNT = 5;
export const QUESTS_TO_WIN = 3;
/** The fifth rejected proposal on one quest hands the game to evil. */
export const MAX_REJECTIONS = 5;

interface CountRules {
  good: number;
  evil: number;
  teamSizes: readonly number[];
}

const COUNT_RULES: Readonly<Record<number, CountRules>> = {
  5: { good: 3, evil: 2, teamSizes: [2, 3, 2, 3, 3] },
  6: { good: 4, evil: 2, teamSizes: [2, 3, 4, 3, 4] },
  7: { good: 4, evil: 3, teamSizes: [2, 3, 3, 4, 4] },
  8: { good: 5, evil: 3, teamSizes: [3, 4, 4, 5, 5] },
  9: { good: 6, evil: 3, teamSizes: [3, 4, 4, 5, 5] },
  10: { good: 6, evil: 4, teamSizes: [3, 4, 4, 5, 5] },
};

const EVIL_ROLES: ReadonlySet<Role> = new Set<Role>(["assassin", "morgana", "mordred", "oberon", "minion"]);

export function sideOf(role: Role): Side {
  return EVIL_ROLES.has(role) ? "evil" : "good";
}

export function isSupportedCount(playerCount: number): boolean {
  return Number.isInteger(playerCount) && playerCount >= MIN_PLAYERS && playerCount <= MAX_PLAYERS;
}

/** Good and evil seats for a player count, or null outside 5..10. */
export function sidesFor(playerCount: number): { good: number; evil: number } | null {
  const rules = COUNT_RULES[playerCount];
  return rules ? { good: rules.good, evil: rules.evil } : null;
}

/** Team size of each quest; empty outside 5..10. */
export function teamSizesFor(playerCount: number): number[] {
  return [...(COUNT_RULES[playerCount]?.teamSizes ?? [])];
}

/** Fail cards needed to fail each quest; empty outside 5..10. */
export function failsRequiredFor(playerCount: number): number[] {
  if (!COUNT_RULES[playerCount]) return [];
  // The fourth quest is the one the rulebook hardens for large tables.
  return teamSizesFor(playerCount).map((_, quest) => (quest === 3 && playerCount >= 7 ? 2 : 1));
}

export function isOptionalRole(value: unknown): value is OptionalRole {
  return (OPTIONAL_ROLES as readonly unknown[]).includes(value);
}

/**
 * Whether these optional roles can be dealt to this many players. Morgana without Percival is
 * allowed, as the official rules allow it.
 */
export function validateSetup(playerCount: number, optionalRoles: readonly OptionalRole[]): EngineErrorCode | null {
  const sides = sidesFor(playerCount);
  if (!sides) return "invalid_setup";
  if (!Array.isArray(optionalRoles) || !optionalRoles.every(isOptionalRole)) return "invalid_setup";
  if (new Set(optionalRoles).size !== optionalRoles.length) return "invalid_setup";
  const evilSpecials = optionalRoles.filter((role) => sideOf(role) === "evil").length + 1; // + assassin
  const goodSpecials = optionalRoles.filter((role) => sideOf(role) === "good").length + 1; // + merlin
  if (evilSpecials > sides.evil || goodSpecials > sides.good) return "invalid_setup";
  return null;
}

/** Room options as the host may set them: a possible setup for the room's seat count. */
export function validateOptions(options: RoomOptions): EngineErrorCode | null {
  if (!isSupportedCount(options.maxPlayers)) return "invalid_setup";
  return validateSetup(options.maxPlayers, options.roles);
}

/**
 * Every role in a game of this size, unshuffled: the specials, then servants and minions to fill
 * each side. Call only with a setup `validateSetup` accepts.
 */
export function buildRoles(playerCount: number, optionalRoles: readonly OptionalRole[]): Role[] {
  const sides = sidesFor(playerCount) ?? { good: 0, evil: 0 };
  const good: Role[] = ["merlin", ...optionalRoles.filter((role) => sideOf(role) === "good")];
  const evil: Role[] = ["assassin", ...optionalRoles.filter((role) => sideOf(role) === "evil")];
  while (good.length < sides.good) good.push("servant");
  while (evil.length < sides.evil) evil.push("minion");
  return [...good, ...evil];
}
