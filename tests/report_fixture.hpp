// A fixed RunReport for renderer tests: no model runs, known numbers.
#pragma once

#include "concur/result.hpp"

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
  return c;
}

// Sequential 1.0 s; threads at 1, 2, 4 workers following Amdahl's law with
// a serial fraction of 10%; one failed processes cell.
inline RunReport fake_report() {
  RunReport r;
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
  compute_speedups(r);
  mark_unstable(r);
  return r;
}

}  // namespace concur::testing
