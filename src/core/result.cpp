#include "concur/result.hpp"

#include "concur/errors.hpp"

namespace concur {

const char* to_string(CellStatus status) {
  switch (status) {
    case CellStatus::ok: return "ok";
    case CellStatus::failed: return "failed";
    case CellStatus::skipped: return "skipped";
    case CellStatus::not_applicable: return "not_applicable";
    case CellStatus::interrupted: return "interrupted";
  }
  return "?";
}

const char* to_string(WarningKind kind) {
  switch (kind) {
    case WarningKind::speedup_above_workers: return "speedup_above_workers";
    case WarningKind::speedup_above_cpus: return "speedup_above_cpus";
    case WarningKind::workers_above_cpus: return "workers_above_cpus";
    case WarningKind::load_high: return "load_high";
    case WarningKind::single_repetition: return "single_repetition";
    case WarningKind::imprecise: return "imprecise";
    case WarningKind::indistinct: return "indistinct";
    case WarningKind::governor: return "governor";
    case WarningKind::cpu_quota: return "cpu_quota";
    case WarningKind::no_warmup: return "no_warmup";
    case WarningKind::interrupted: return "interrupted";
  }
  return "?";
}

int RunReport::exit_code() const {
  if (interrupted) return exit_code::interrupted;
  for (const auto& cell : cells)
    if (cell.status == CellStatus::failed) return exit_code::failed;
  return exit_code::ok;
}

}  // namespace concur
