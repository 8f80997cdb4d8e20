import { describe, expect, it } from "vitest";
import { formatBytes, formatClock, formatCompact, formatDateTime, formatDuration, formatNumber } from "./format";

describe("formatDuration", () => {
  it("shows seconds alone under a minute", () => expect(formatDuration(42.9)).toBe("42s"));
  it("shows minutes and padded seconds", () => expect(formatDuration(303)).toBe("5m 03s"));
  it("shows hours and padded minutes", () => expect(formatDuration(2 * 3600 + 5 * 60 + 9)).toBe("2h 05m"));
  it("shows days and padded hours", () => expect(formatDuration(3 * 86400 + 4 * 3600)).toBe("3d 04h"));
  it("treats negative spans as zero", () => expect(formatDuration(-5)).toBe("0s"));
});

describe("formatBytes", () => {
  it("keeps small sizes in bytes", () => expect(formatBytes(512)).toBe("512 B"));
  it("uses binary multiples with one decimal", () => expect(formatBytes(1536)).toBe("1.5 KB"));
  it("drops decimals from three-digit values", () => expect(formatBytes(300 * 1024 * 1024)).toBe("300 MB"));
  it("shows a dash for impossible sizes", () => expect(formatBytes(Number.NaN)).toBe("–"));
});

describe("clock formats", () => {
  const ts = new Date(2025, 0, 2, 3, 4, 5).getTime();
  it("formats a time as HH:MM:SS", () => expect(formatClock(ts)).toBe("03:04:05"));
  it("formats a date and time", () => expect(formatDateTime(ts)).toBe("2025-01-02 03:04:05"));
});

describe("numbers", () => {
  it("groups thousands and keeps two decimals", () => expect(formatNumber(12345.678)).toBe("12,345.68"));
  it("compacts large axis ticks", () => expect(formatCompact(12_500)).toBe("12.5K"));
});
