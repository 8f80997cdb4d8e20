import { useAdminQuery } from "../../../lib/use-admin-query";

/** Load-test runs the node found on disk; fetched once per visit, refreshed on demand. */
export function useLoadTests() {
  return useAdminQuery("admin:loadtests", {});
}
