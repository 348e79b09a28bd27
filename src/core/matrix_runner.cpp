// The matrix runner: registers one Google Benchmark per cell (workload x
// model x workers), runs them with a collecting reporter instead of GB's
// console, and turns the runs into the results model.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <thread>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/interrupt.hpp"
#include "concur/registry.hpp"
#include "concur/runner.hpp"
#include "core/resource_usage.hpp"

namespace concur {
namespace {

// Everything one registered benchmark needs; lives until the run ends.
struct Cell {
  CellResult result;
  Workload* workload = nullptr;
  const Model* model = nullptr;
  std::vector<double> kernel_seconds;
  std::size_t repetitions_seen = 0;
  bool started = false;
};

// Google Benchmark hands us its runs here; nothing is printed.
class CollectingReporter final : public benchmark::BenchmarkReporter {
 public:
  CollectingReporter(std::map<std::string, Cell*> cells, unsigned repetitions,
                     const RunObserver& observer, std::size_t total)
      : cells_(std::move(cells)), repetitions_(repetitions), observer_(observer), total_(total) {}

  bool ReportContext(const Context&) override { return true; }

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration) continue;  // we aggregate ourselves
      auto it = cells_.find(run.run_name.function_name);
      if (it == cells_.end()) continue;
      Cell& cell = *it->second;
      record(cell, run);
      if (++cell.repetitions_seen == repetitions_ && observer_.cell_finished)
        observer_.cell_finished(cell.result, ++finished_, total_);
    }
  }

 private:
  static double counter(const Run& run, const char* name) {
    auto it = run.counters.find(name);
    return it == run.counters.end() ? 0.0 : it->second.value;
  }

  static void record(Cell& cell, const Run& run) {
    CellResult& r = cell.result;
    if (run.error_occurred) {
      if (r.status != CellStatus::failed) r.reason = run.error_message;
      r.status = CellStatus::failed;
      r.verified = false;
      return;
    }
    const double iterations = static_cast<double>(std::max<benchmark::IterationCount>(1, run.iterations));
    r.real_seconds.push_back(run.real_accumulated_time / iterations);
    r.cpu_seconds.push_back(counter(run, "cpu_s"));
    r.max_rss_kb = std::max(r.max_rss_kb, counter(run, "max_rss_kb"));
    if (run.counters.count("kernel_s")) cell.kernel_seconds.push_back(counter(run, "kernel_s"));
  }

  std::map<std::string, Cell*> cells_;
  unsigned repetitions_;
  const RunObserver& observer_;
  std::size_t total_;
  std::size_t finished_ = 0;
};

// Fails a repetition before its work. Inside the timing loop: a repetition
// skipped before it reports 0 iterations, and Google Benchmark 1.7.1 aborts
// (ComputeStats: Check failed) when they differ from the earlier ones'.
void skip_repetition(benchmark::State& state, const std::string& message) {
  for (auto _ : state) {
    state.SkipWithError(message.c_str());
    break;
  }
}

// One timed repetition of one cell. Everything that can go wrong becomes
// SkipWithError: a failed cell is data, never an abort.
void run_cell(benchmark::State& state, Cell& cell, const RunObserver& observer,
              std::size_t index, std::size_t total) {
  if (interrupt_requested()) {
    skip_repetition(state, "interrupted");
    return;
  }
  if (!cell.started && observer.cell_started) observer.cell_started(cell.result, index, total);
  cell.started = true;
  std::string error;
  double cpu_seconds = 0, kernel_seconds = 0;
  bool has_kernel = false;
  try {
    cell.workload->before_run();
  } catch (const std::exception& e) {
    skip_repetition(state, fmt::format("setting up: {}", e.what()));
    return;
  }
  reset_peak_rss();
  for (auto _ : state) {
    const double cpu_before = cpu_seconds_self_and_children();
    RunOutcome outcome;
    try {  // e.g. std::system_error when no more threads can be created
      outcome = cell.model->run(*cell.workload, cell.result.workers);
    } catch (const std::exception& e) {
      outcome.error = fmt::format("{} model: {}", cell.result.model, e.what());
    }
    cpu_seconds += cpu_seconds_self_and_children() - cpu_before;

    state.PauseTiming();  // combining and verifying is not the model's cost
    if (!outcome.workers_label.empty()) cell.result.workers_label = outcome.workers_label;
    if (outcome.kernel_seconds) {
      has_kernel = true;
      kernel_seconds += *outcome.kernel_seconds;
    }
    if (!outcome.error.empty()) {
      error = outcome.error;
    } else {
      Answer answer = cell.workload->combine(outcome.results);
      if (answer.failed_tasks > 0) {
        error = answer.failed_tasks == 1
                    ? answer.first_error
                    : fmt::format("{} tasks failed; first: {}", answer.failed_tasks,
                                  answer.first_error);
      } else if (Verdict verdict = cell.workload->verify(answer); !verdict.ok) {
        error = "not verified: " + verdict.reason;
      }
    }
    state.ResumeTiming();
    if (!error.empty()) break;
  }
  if (!error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const double iterations = static_cast<double>(std::max<benchmark::IterationCount>(1, state.iterations()));
  state.counters["cpu_s"] = cpu_seconds / iterations;
  state.counters["max_rss_kb"] = peak_rss_kb();
  if (has_kernel) state.counters["kernel_s"] = kernel_seconds / iterations;
}

template <typename Entry>
const Entry& resolve(const Entry* entry, std::string_view kind, const std::string& name,
                     auto registry) {
  if (entry) return *entry;
  std::string valid;
  for (const auto& e : registry) valid += (valid.empty() ? "" : ", ") + std::string(e.name);
  throw UsageError(fmt::format("unknown {} '{}' (valid: {})", kind, name, valid));
}

CellResult make_result(const Workload& workload, const Model& model, unsigned workers) {
  CellResult r;
  r.workload = workload.info().name;
  r.group = workload.info().group;
  r.model = model.info().name;
  r.workers = workers;
  r.workers_label = std::to_string(workers);
  r.has_efficiency = model.info().has_efficiency;
  r.items = workload.items();
  r.item_unit = workload.info().item_unit;
  r.name = fmt::format("{}/{}/workers:{}", r.workload, r.model, workers);
  return r;
}

}  // namespace

RunReport run_matrix(const Plan& plan, const RunObserver& observer) {
  if (plan.repetitions == 0) throw UsageError("--repetitions must be at least 1");
  for (unsigned w : plan.workers)
    if (w == 0) throw UsageError("--workers must be at least 1, got 0");

  std::vector<std::unique_ptr<Model>> models;
  for (const auto& name : plan.models)
    models.push_back(resolve(find_model(name), "model", name, model_registry()).make(plan.options));
  std::vector<const WorkloadEntry*> workload_entries;
  for (const auto& name : plan.workloads)
    workload_entries.push_back(&resolve(find_workload(name), "workload", name, workload_registry()));

  const unsigned hardware_threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Workload>> workloads;
  std::vector<std::unique_ptr<Cell>> cells;
  RunReport report;  // cells that never reach Google Benchmark (skipped, n/a)
  std::vector<std::pair<std::size_t, Cell*>> order;  // report position -> cell

  for (const WorkloadEntry* entry : workload_entries) {
    std::unique_ptr<Workload> workload;
    std::string construction_error;
    try {
      workload = entry->make(plan.options);
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      construction_error = e.what();
    }
    for (const auto& model : models) {
      std::vector<unsigned> counts = plan.workers;
      if (model->info().single_worker) counts = {1};
      else if (counts.empty()) counts = {workload ? workload->default_workers(hardware_threads)
                                                  : hardware_threads};
      for (unsigned workers : counts) {
        if (!workload) {
          CellResult r;
          r.workload = std::string(entry->name);
          r.group = std::string(entry->group);
          r.model = model->info().name;
          r.workers = workers;
          r.workers_label = std::to_string(workers);
          r.status = CellStatus::failed;
          r.reason = construction_error;
          report.cells.push_back(std::move(r));
          continue;
        }
        CellResult r = make_result(*workload, *model, workers);
        if (auto a = model->availability(); !a.ok) {
          r.status = CellStatus::skipped;
          r.reason = a.reason;
        } else if (auto s = model->supports(*workload); !s.ok) {
          r.status = CellStatus::not_applicable;
          r.reason = s.reason;
        }
        if (r.status != CellStatus::ok) {
          report.cells.push_back(std::move(r));
          continue;
        }
        auto cell = std::make_unique<Cell>();
        cell->result = std::move(r);
        cell->workload = workload.get();
        cell->model = model.get();
        order.emplace_back(report.cells.size(), cell.get());
        report.cells.emplace_back();  // placeholder, filled after the run
        cells.push_back(std::move(cell));
      }
    }
    if (workload) workloads.push_back(std::move(workload));
  }

  benchmark::ClearRegisteredBenchmarks();
  std::map<std::string, Cell*> by_name;
  const std::size_t total = cells.size();
  for (std::size_t i = 0; i < total; ++i) {
    Cell* cell = cells[i].get();
    by_name[cell->result.name] = cell;
    auto* bench = benchmark::RegisterBenchmark(
        cell->result.name.c_str(),
        [cell, &observer, i, total](benchmark::State& state) {
          run_cell(state, *cell, observer, i + 1, total);
        });
    bench->UseRealTime()->Unit(benchmark::kMillisecond)->Repetitions(static_cast<int>(plan.repetitions));
    if (plan.min_time) bench->MinTime(*plan.min_time);
    else bench->Iterations(1);
  }
  CollectingReporter reporter(by_name, plan.repetitions, observer, total);
  // With nothing registered (every cell skipped, e.g. cuda without a GPU),
  // Google Benchmark would complain that no benchmark matches.
  if (total > 0) benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();

  for (auto& [position, cell] : order) {
    CellResult& r = cell->result;
    if (r.status == CellStatus::ok) {
      if (r.real_seconds.empty()) {  // filtered out by --benchmark_filter
        r.status = CellStatus::skipped;
        r.reason = "excluded by --benchmark_filter";
      } else {
        r.verified = true;
        r.time = summarize(r.real_seconds);
        r.cpu_median = summarize(r.cpu_seconds).median;
        if (!cell->kernel_seconds.empty())
          r.kernel_seconds = summarize(cell->kernel_seconds).median;
      }
    }
    report.cells[position] = std::move(r);
  }
  std::erase_if(report.cells, [](const CellResult& r) {
    return r.status == CellStatus::skipped && r.reason == "excluded by --benchmark_filter";
  });
  compute_speedups(report);
  mark_unstable(report);
  throw_if_interrupted();
  return report;
}

}  // namespace concur
