// A fixed RunReport for renderer tests: no model runs, known numbers.
#pragma once

#include "concur/result.hpp"
#include "core/analysis.hpp"

namespace concur::testing {

inline CellResult fake_cell(std::string model, unsigned workers, std::vector<double> seconds) {
  CellResult c;
  c.workload = "primes";
  c.group = "math";
  c.model = std::move(model);
  c.workers = workers;
  c.workers_label = std::to_string(workers);
  c.name = "primes/" + c.model + "/workers:" + c.workers_label;
  c.verified = true;
  c.real_seconds = seconds;
  for (double s : seconds) c.cpu_seconds.push_back(s * workers);
  c.time = summarize(seconds);
  c.cpu_median = summarize(c.cpu_seconds).median;
  c.items = 1000;
  c.item_unit = "numbers";
  c.has_efficiency = c.model != "sequential";
  c.is_baseline = c.model == "sequential";
  return c;
}

// Sequential 1.0 s; threads at 1, 2, 4 workers following Amdahl's law with
// a serial fraction of 10%; one failed processes cell.
// A context as a run would capture it, fixed so renderers can be checked.
inline RunContext fake_context() {
  RunContext c;
  c.date = "2026-11-25T18:00:00+00:00";
  c.command_line = "concur-bench math --workloads primes";
  c.version = "0.0.0-test";
  c.machine.host_name = "testhost";
  c.machine.cpu_model = "Test CPU";
  c.machine.logical_cpus = 4;
  c.machine.physical_cores = 4;
  c.machine.caches = {{1, "Data", 32768, 1}, {3, "Unified", 8 << 20, 4}};
  c.machine.os = "Linux test";
  c.machine.compiler = "GCC test";
  c.machine.build_type = "Release";
  c.state.affinity = {0, 1, 2, 3};
  c.state.governor = "performance";
  return c;
}

inline RunReport fake_report() {
  RunReport r;
  r.context = fake_context();
  r.cells.push_back(fake_cell("sequential", 1, {1.0, 1.01, 0.99}));
  for (unsigned p : {1u, 2u, 4u}) {
    const double t = 0.1 + 0.9 / p;
    r.cells.push_back(fake_cell("threads", p, {t, t * 1.01, t * 0.99}));
  }
  CellResult failed = fake_cell("processes", 2, {});
  failed.status = CellStatus::failed;
  failed.verified = false;
  failed.reason = "not verified: count 41 | expected 42";
  r.cells.push_back(failed);
  analyse(r);
  return r;
}

}  // namespace concur::testing
