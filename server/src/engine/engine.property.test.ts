import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  ENGINE_ERROR_CODES,
  OPTIONAL_ROLES,
  ROLES,
  type EngineAction,
  type OptionalRole,
  type PlayerId,
  type PlayerView,
  type Role,
  type Sighting,
} from "@avalon/protocol";
import { ACTION_PHASES, apply, createRoom } from "./engine.js";
import { seededRng, type Rng } from "./rng.js";
import { failsRequiredFor, sideOf, teamSizesFor, validateSetup } from "./rules.js";
import type { GameState } from "./state.js";
import { deepFreeze, mustApply, randomAnyAction, randomLegalAction } from "./test-helpers.js";
import { playerView } from "./views.js";

/** Lobby seats, team building (5 attempts of a proposal and ten votes) and quest cards, per quest. */
const MAX_STEPS = 10 + 1 + 5 * (5 * 11 + 5) + 1;
const SPECTATOR = "watcher";
/** Ids that are keys of Object.prototype, to catch records read without an own-property check. */
const TRICKY_IDS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];

interface Game {
  ids: PlayerId[];
  roles: OptionalRole[];
  seed: string;
  moveSeed: number;
}

const gameArb: fc.Arbitrary<Game> = fc
  .record({
    count: fc.integer({ min: 5, max: 10 }),
    roles: fc.subarray([...OPTIONAL_ROLES]),
    seed: fc.string({ maxLength: 16 }),
    moveSeed: fc.nat(),
    tricky: fc.boolean(),
  })
  .filter(({ count, roles }) => validateSetup(count, roles) === null)
  .map(({ count, roles, seed, moveSeed, tricky }) => ({
    ids: Array.from({ length: count }, (_, i) => (tricky ? (TRICKY_IDS[i] ?? `p${i}`) : `p${i}`)),
    roles,
    seed,
    moveSeed,
  }));

/** The room as the server would build it, with a spectator; every action is logged for replays. */
function lobby(game: Game): { state: GameState; log: EngineAction[] } {
  const [host = "p0", ...others] = game.ids;
  const log: EngineAction[] = [
    { type: "configure", playerId: host, roles: game.roles },
    ...others.map((id): EngineAction => ({ type: "join", playerId: id, name: `Name ${id}` })),
    { type: "spectate", playerId: SPECTATOR },
  ];
  const state = log.reduce(mustApply, createRoom({ roomId: "R", hostId: host, hostName: "Host", seed: game.seed, now: 0 }));
  return { state, log };
}

/** Every state of one random game, each frozen before the engine sees it. */
function play(game: Game, onStep?: (state: GameState, rng: Rng) => void): { states: GameState[]; log: EngineAction[] } {
  const { state, log } = lobby(game);
  const rng = seededRng(`moves:${game.moveSeed}`, 0);
  const states = [deepFreeze(state)];
  for (let step = 0; step < MAX_STEPS; step++) {
    const current = states.at(-1) as GameState;
    onStep?.(current, rng);
    const action = randomLegalAction(current, rng);
    if (!action) break;
    states.push(deepFreeze(mustApply(current, action)));
    log.push(action);
  }
  return { states, log };
}

function roleOf(state: GameState, id: PlayerId): Role | undefined {
  return Object.hasOwn(state.roles, id) ? state.roles[id] : undefined;
}

function expectLegalEnd(state: GameState): void {
  const count = state.seats.length;
  const failed = state.quests.filter((q) => !q.succeeded).length;
  const succeeded = state.quests.length - failed;
  expect(state.phase).toBe("ended");
  expect(state.quests.length).toBeLessThanOrEqual(5);
  expect([state.pendingVotes, state.pendingCards]).toEqual([{}, {}]);
  state.quests.forEach((q, i) => {
    const evilOnTeam = q.team.filter((id) => sideOf(roleOf(state, id) ?? "servant") === "evil").length;
    expect(q.quest).toBe(i);
    expect(q.team).toHaveLength(teamSizesFor(count)[i] ?? -1);
    expect(q.failsRequired).toBe(failsRequiredFor(count)[i]);
    expect(q.fails).toBeLessThanOrEqual(evilOnTeam);
    expect(q.succeeded).toBe(q.fails < q.failsRequired);
  });
  for (const v of state.votes) {
    expect(Object.keys(v.votes).sort()).toEqual(state.seats.map((s) => s.id).sort());
    expect(v.approved).toBe(Object.values(v.votes).filter(Boolean).length * 2 > count);
  }
  const target = state.assassinTarget === null ? undefined : roleOf(state, state.assassinTarget);
  switch (state.endReason) {
    case "three_fails":
      expect([state.winner, failed, succeeded < 3]).toEqual(["evil", 3, true]);
      break;
    case "five_rejections": {
      const last = state.votes.slice(-5);
      expect(state.winner).toBe("evil");
      expect(last.map((v) => [v.quest, v.attempt, v.approved])).toEqual(
        [0, 1, 2, 3, 4].map((attempt) => [state.quest, attempt, false]),
      );
      expect(failed < 3 && succeeded < 3).toBe(true);
      break;
    }
    case "merlin_assassinated":
      expect([state.winner, succeeded, target]).toEqual(["evil", 3, "merlin"]);
      break;
    case "merlin_survived":
      expect([state.winner, succeeded, target !== undefined && sideOf(target)]).toEqual(["good", 3, "good"]);
      break;
    default:
      throw new Error(`unexpected end: ${String(state.endReason)}`);
  }
}

const EVIL_SEEN_BY_EVIL: Partial<Record<Role, Sighting>> = { assassin: "evil", morgana: "evil", mordred: "evil", minion: "evil" };
/** The night table of the rulebook, written out independently of night.ts. */
const SEES: Record<Role, Partial<Record<Role, Sighting>>> = {
  merlin: { assassin: "evil", morgana: "evil", oberon: "evil", minion: "evil" },
  percival: { merlin: "merlin_or_morgana", morgana: "merlin_or_morgana" },
  servant: {},
  assassin: EVIL_SEEN_BY_EVIL,
  morgana: EVIL_SEEN_BY_EVIL,
  mordred: EVIL_SEEN_BY_EVIL,
  minion: EVIL_SEEN_BY_EVIL,
  oberon: {},
};

function expectedKnowledge(state: GameState, viewer: PlayerId): Record<PlayerId, Sighting> {
  const own = roleOf(state, viewer);
  if (state.phase === "lobby" || own === undefined) return {};
  const entries: [PlayerId, Sighting][] = [];
  for (const { id } of state.seats) {
    const sighting = id === viewer ? undefined : SEES[own][roleOf(state, id) ?? "servant"];
    if (sighting) entries.push([id, sighting]);
  }
  return Object.fromEntries(entries);
}

/** The same state with every pending vote and card flipped, except those of `keep`. */
function flipOthers(state: GameState, keep: PlayerId | null): GameState {
  const flip = (record: Record<PlayerId, boolean>) =>
    Object.fromEntries(Object.entries(record).map(([id, v]) => [id, id === keep ? v : !v]));
  return { ...state, pendingVotes: flip(state.pendingVotes), pendingCards: flip(state.pendingCards) };
}

/** Role names a view spells out, leaving aside the room's options (the setup is public). */
function roleTokens(view: PlayerView): string[] {
  const json = JSON.stringify({ ...view, public: { ...view.public, options: null } });
  return ROLES.filter((role) => json.includes(`"${role}"`));
}

const RUNS = { numRuns: 100 };
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/*
 * The checks inside a game collect problems and assert once per game: an `expect` per seat per
 * step would make these properties several times slower.
 */
describe("random games", () => {
  it("always end within a bounded number of steps in a legal terminal state", () => {
    fc.assert(
      fc.property(gameArb, (game) => {
        expectLegalEnd(play(game).states.at(-1) as GameState);
      }),
      RUNS,
    );
  });

  it("never mutate the state they are applied to, legal or not", () => {
    fc.assert(
      fc.property(gameArb, (game) => {
        const problems: string[] = [];
        play(game, (state, rng) => {
          const before = JSON.stringify(state);
          for (let i = 0; i < 3; i++) apply(state, randomAnyAction(state, rng), seededRng(state.seed, state.version));
          if (JSON.stringify(state) !== before) problems.push(`changed at version ${state.version}`);
        });
        expect(problems).toEqual([]);
      }),
      RUNS,
    );
  });

  it("refuse random actions with a listed code, and accept others as exactly one new version", () => {
    fc.assert(
      fc.property(gameArb, (game) => {
        const problems: unknown[] = [];
        play(game, (state, rng) => {
          for (let i = 0; i < 5; i++) {
            const action = randomAnyAction(state, rng, ["stranger", ...TRICKY_IDS]);
            const result = apply(state, action, seededRng(state.seed, state.version));
            const fine = result.ok ? result.state.version === state.version + 1 : ENGINE_ERROR_CODES.includes(result.code);
            if (!fine) problems.push({ phase: state.phase, action, result });
          }
        });
        expect(problems).toEqual([]);
      }),
      RUNS,
    );
  });

  it("refuse legal moves made by a stranger, in the wrong phase, or twice", () => {
    fc.assert(
      fc.property(gameArb, (game) => {
        const problems: unknown[] = [];
        const attempt = (state: GameState, action: EngineAction, expected: (r: ReturnType<typeof apply>) => boolean) => {
          const result = apply(state, action, seededRng(state.seed, state.version));
          if (!expected(result)) problems.push({ phase: state.phase, action, result });
        };
        play(game, (state, rng) => {
          const action = randomLegalAction(state, rng);
          if (!action) return;
          attempt(state, { ...action, playerId: "stranger" }, (r) => !r.ok);
          for (const [type, phases] of Object.entries(ACTION_PHASES)) {
            if (phases.includes(state.phase)) continue;
            attempt(state, { ...action, type } as EngineAction, (r) => !r.ok && r.code === "wrong_phase");
          }
          if (action.type !== "ready") attempt(deepFreeze(mustApply(state, action)), action, (r) => !r.ok);
        });
        expect(problems).toEqual([]);
      }),
      RUNS,
    );
  });

  it("show each seat exactly its night knowledge and no one else's secrets", () => {
    fc.assert(
      fc.property(gameArb, (game) => {
        const problems: unknown[] = [];
        for (const state of play(game).states) {
          const ended = state.phase === "ended";
          const pending = Object.keys(state.pendingVotes).length + Object.keys(state.pendingCards).length > 0;
          for (const { id } of state.seats) {
            const view = playerView(state, id);
            const mine = view.private;
            const report = (what: string) => problems.push({ what, id, phase: state.phase, view });
            if (mine?.role !== (roleOf(state, id) ?? null)) report("own role");
            if (!same(mine?.knows, expectedKnowledge(state, id))) report("knowledge");
            if (!ended && view.public.roles !== null) report("public roles");
            if (!ended && roleTokens({ ...view, private: mine && { ...mine, role: null } }).length > 0) report("role names");
            if (pending && !same(playerView(flipOthers(state, id), id), view)) report("others' pending choices");
          }
        }
        expect(problems).toEqual([]);
      }),
      // Every seat at every step of a whole game: fewer games, still tens of thousands of views.
      { numRuns: 40 },
    );
  });

  it("show spectators no role before the end and no pending vote or card", () => {
    fc.assert(
      fc.property(gameArb, (game) => {
        const problems: unknown[] = [];
        for (const state of play(game).states) {
          const view = playerView(state, SPECTATOR);
          if (view.private !== null) problems.push({ what: "private view", view });
          if (state.phase !== "ended" && roleTokens(view).length > 0) problems.push({ what: "role names", view });
          if (!same(playerView(flipOthers(state, null), SPECTATOR), view)) problems.push({ what: "pending choices", view });
        }
        expect(problems).toEqual([]);
      }),
      RUNS,
    );
  });

  it("replay exactly from the same seed and action log", () => {
    fc.assert(
      fc.property(gameArb, (game) => {
        const { states, log } = play(game);
        const [host = "p0"] = game.ids;
        let replayed = createRoom({ roomId: "R", hostId: host, hostName: "Host", seed: game.seed, now: 0 });
        for (const action of log) {
          const result = apply(replayed, action, seededRng(replayed.seed, replayed.version));
          if (!result.ok) throw new Error(result.code);
          replayed = result.state;
        }
        expect(replayed).toEqual(states.at(-1));
      }),
      RUNS,
    );
  });
});
