import { describe, expect, it } from "vitest";
import { countedNames, nameList, nameRuns } from "../../src/render/name-list.js";

describe("name lists for many control planes", () => {
  const prod = Array.from({ length: 60 }, (_, i) => `prod-${String(i + 1).padStart(3, "0")}`);

  it("folds runs of three or more consecutive numbered names, in numeric order", () => {
    expect(nameRuns([...prod].reverse())).toEqual(["prod-001 … prod-060"]);
    expect(nameRuns(["cp-1", "cp-2", "cp-4", "cp-5", "cp-6", "edge"])).toEqual(["cp-1", "cp-2", "cp-4 … cp-6", "edge"]);
    // different widths are different series: prod-9 and prod-010 are not neighbours
    expect(nameRuns(["prod-8", "prod-9", "prod-010"])).toEqual(["prod-8", "prod-9", "prod-010"]);
  });

  it("shows at most a few items and counts the rest", () => {
    expect(countedNames(prod)).toBe("60 control planes: prod-001 … prod-060");
    expect(countedNames(["edge"])).toBe("1 control plane: edge");
    const gappy = prod.filter((_, i) => i % 2 === 0);
    expect(nameList(gappy)).toBe("prod-001, prod-003, prod-005 and 27 more");
    expect(nameList(["a", "b", ...prod.slice(0, 10), "z1", "z2"])).toBe("a, b, prod-001 … prod-010 and 2 more");
  });
});
