import type { PublicRoomView, Role } from "@avalon/protocol";

const EVIL: ReadonlySet<Role> = new Set(["assassin", "morgana", "mordred", "oberon", "minion"]);
const EVIL_COUNT: Record<number, number> = { 5: 2, 6: 2, 7: 3, 8: 3, 9: 3, 10: 4 };

/** Rule violations visible in an ended game's public record; an empty list means the game was legal. */
export function checkEndedGame(view: PublicRoomView): string[] {
  const v: string[] = [];
  const n = view.players.length;
  if (view.phase !== "ended") return [`phase is ${view.phase}, not ended`];
  if (view.endReason === "closed") return v;
  const roles = view.roles;
  if (!roles) return ["roles are not revealed at the end"];
  const evilIds = new Set(Object.keys(roles).filter((id) => EVIL.has(roles[id] as Role)));
  if (evilIds.size !== EVIL_COUNT[n]) v.push(`${evilIds.size} evil players with ${n} players`);
  if (!Object.values(roles).includes("merlin") || !Object.values(roles).includes("assassin")) v.push("merlin or assassin missing");
  if (view.quests.length > 5) v.push("more than five quests");
  view.quests.forEach((q, i) => {
    if (q.team.length !== view.teamSizes[i]) v.push(`quest ${i} team of ${q.team.length}, expected ${view.teamSizes[i]}`);
    if (q.succeeded !== q.fails < q.failsRequired) v.push(`quest ${i} result does not match its fails`);
    const evilOnTeam = q.team.filter((id) => evilIds.has(id)).length;
    if (q.fails > evilOnTeam) v.push(`quest ${i} has ${q.fails} fails but ${evilOnTeam} evil players`);
  });
  for (const vote of view.votes) {
    const yes = Object.values(vote.votes).filter(Boolean).length;
    if (Object.keys(vote.votes).length !== n) v.push(`vote on quest ${vote.quest} misses votes`);
    if (vote.approved !== yes > n - yes) v.push(`vote on quest ${vote.quest} attempt ${vote.attempt} miscounted`);
  }
  const wins = view.quests.filter((q) => q.succeeded).length;
  const losses = view.quests.length - wins;
  const target = view.assassinTarget;
  switch (view.endReason) {
    case "three_fails":
      if (view.winner !== "evil" || losses !== 3) v.push("three_fails without three failed quests");
      break;
    case "five_rejections": {
      const last = view.votes.slice(-5);
      if (view.winner !== "evil" || last.length < 5 || last.some((x) => x.approved || x.quest !== last[0]?.quest)) v.push("five_rejections without five rejected teams");
      break;
    }
    case "merlin_assassinated":
      if (view.winner !== "evil" || wins !== 3 || !target || roles[target] !== "merlin") v.push("merlin_assassinated but merlin not hit");
      break;
    case "merlin_survived":
      if (view.winner !== "good" || wins !== 3 || !target || roles[target] === "merlin") v.push("merlin_survived but merlin was hit");
      break;
    default:
      v.push(`unknown end reason ${String(view.endReason)}`);
  }
  return v;
}
