// The matrix runner. Plan: one cell per workload x model x workers, from the
// registries. Measure: every cell is warmed up untimed, then timed in rounds
// (a seeded random order per round, so drift of a shared machine hits every
// model alike) until its median is as precise as asked; Google Benchmark
// times each repetition and hands back nothing but the time. Analyse:
// core/analysis. Renderers only read the report.
#include <benchmark/benchmark.h>
#include <regex.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <random>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/interrupt.hpp"
#include "concur/registry.hpp"
#include "concur/runner.hpp"
#include "concur/version.hpp"
#include "core/analysis.hpp"
#include "core/mechanism.hpp"
#include "core/thread_capacity.hpp"
#include "core/resource_usage.hpp"
#include "models/spawn_cost.hpp"

namespace concur {
namespace {

using Clock = std::chrono::steady_clock;
// The longest a timed repetition waits for this process's other threads to
// stop running (mechanism::wait_for_own_threads_to_settle).
constexpr std::chrono::microseconds kSettleLimit{20'000};

// Everything one cell needs while it is measured.
struct Cell {
  CellResult result;
  Workload* workload = nullptr;
  const Model* model = nullptr;
  const mechanism::Probe* probe = nullptr;  // the run's, shared by every cell
  std::vector<double> kernel_seconds;
  std::map<std::pair<std::string, std::string>, std::vector<double>> figures;  // (name, unit)
  double timed_seconds = 0;  // spent in timed repetitions so far
  bool done = false;
  // Written by the timed repetition, read right after it: one repetition at
  // a time, so nothing crosses Google Benchmark but its own timing.
  struct Repetition {
    double cpu_seconds = 0;
    std::optional<MechanismSample> mechanism;  // summed over its iterations
    std::optional<double> kernel_seconds;
    std::map<std::pair<std::string, std::string>, double> figure_sums;  // the workload's own
    std::string error;
  } last;
};

// One run of the model on the cell's workload, combined and verified.
// Returns the error, empty when the answer verified. With `mechanism_sum`,
// what the run did (core/mechanism) is added to it; its snapshots are taken with
// the timer paused, so they cost the timed run nothing but the pause.
using FigureSums = std::map<std::pair<std::string, std::string>, double>;
std::string run_and_verify(Cell& cell, double* cpu_seconds, std::optional<double>* kernel,
                           benchmark::State* timing, FigureSums* figure_sums = nullptr,
                           std::optional<MechanismSample>* mechanism_sum = nullptr) {
  std::optional<mechanism::Snapshot> before;
  if (mechanism_sum && cell.probe) {
    if (timing) timing->PauseTiming();
    // The previous cell's leftovers (OpenMP's workers spin for milliseconds
    // after a region) would take this cell's CPUs and show as its run delay.
    mechanism::wait_for_own_threads_to_settle(kSettleLimit);
    before = cell.probe->take();
    if (timing) timing->ResumeTiming();
  }
  const double cpu_before = cpu_seconds_self_and_children();
  RunOutcome outcome;
  try {  // e.g. std::system_error when no more threads can be created
    outcome = cell.model->run(*cell.workload, cell.result.workers);
  } catch (const std::exception& e) {
    outcome.error = fmt::format("{} model: {}", cell.result.model, e.what());
  }
  if (timing) timing->PauseTiming();  // combining and verifying is not the model's cost
  if (cpu_seconds) *cpu_seconds += cpu_seconds_self_and_children() - cpu_before;
  if (before) {
    const MechanismSample sample = mechanism::between(*before, cell.probe->take());
    if (*mechanism_sum) mechanism::accumulate(**mechanism_sum, sample);
    else *mechanism_sum = sample;
  }
  if (!outcome.workers_label.empty()) cell.result.workers_label = outcome.workers_label;
  if (!outcome.placement.empty()) cell.result.placement = outcome.placement;
  if (kernel && outcome.kernel_seconds) *kernel = kernel->value_or(0) + *outcome.kernel_seconds;
  std::string error = outcome.error;
  if (error.empty()) {
    const Answer answer = cell.workload->combine(outcome.results);
    if (answer.failed_tasks > 0)
      error = answer.failed_tasks == 1 ? answer.first_error
                                       : fmt::format("{} tasks failed; first: {}",
                                                     answer.failed_tasks, answer.first_error);
    else if (Verdict verdict = cell.workload->verify(answer); !verdict.ok)
      error = "not verified: " + verdict.reason;
    else if (figure_sums)
      for (const Figure& f : cell.workload->last_run_figures()) (*figure_sums)[{f.name, f.unit}] += f.value;
  }
  if (timing) timing->ResumeTiming();
  return error;
}

// The body Google Benchmark times: one repetition (one iteration, or as
// many as --min-time needs). A failure is data: SkipWithError plus our own
// record of it.
void timed_repetition(benchmark::State& state, Cell& cell) {
  cell.last = {};
  try {
    cell.workload->before_run();
    cell.model->prepare(*cell.workload, cell.result.workers);
  } catch (const std::exception& e) {
    cell.last.error = fmt::format("setting up: {}", e.what());
  }
  reset_peak_rss();
  bool first_run = true;
  if (cell.last.error.empty())
    for (auto _ : state) {
      // --min-time repeats the run inside one repetition: each run starts
      // from fresh state, or the contention counters carry over and fail.
      if (!std::exchange(first_run, false)) {
        state.PauseTiming();
        try {
          cell.workload->before_run();
        } catch (const std::exception& e) {
          cell.last.error = fmt::format("setting up: {}", e.what());
        }
        state.ResumeTiming();
        if (!cell.last.error.empty()) break;
      }
      cell.last.error = run_and_verify(cell, &cell.last.cpu_seconds, &cell.last.kernel_seconds, &state,
                                       &cell.last.figure_sums, &cell.last.mechanism);
      if (!cell.last.error.empty()) break;
      if (interrupt_requested()) {  // time_once discards this repetition
        cell.last.error = "interrupted";
        break;
      }
    }
  // Leaving the loop early is only allowed after SkipWithError: otherwise
  // Google Benchmark aborts ("returned before State::KeepRunning() returned
  // false"), as a signal landing just after the model's run once did.
  if (!cell.last.error.empty()) state.SkipWithError(cell.last.error.c_str());
}

// Google Benchmark reports each repetition here: we keep its time only.
class TimingReporter final : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs)
      if (run.run_type == Run::RT_Iteration && !run.error_occurred && run.iterations > 0) {
        seconds = run.real_accumulated_time / static_cast<double>(run.iterations);
        iterations = run.iterations;
      }
  }
  double seconds = -1;
  benchmark::IterationCount iterations = 0;
};

template <typename Entry>
const Entry& resolve(const Entry* entry, std::string_view kind, const std::string& name,
                     auto registry) {
  if (entry) return *entry;
  std::string valid;
  for (const auto& e : registry) valid += (valid.empty() ? "" : ", ") + std::string(e.name);
  throw UsageError(fmt::format("unknown {} '{}' (valid: {})", kind, name, valid));
}

CellResult make_result(const WorkloadEntry& workload, const Model& model, unsigned workers) {
  CellResult r;
  r.workload = workload.name;
  r.group = group_name(workload.traits.bound);
  r.model = model.info().name;
  r.workers = workers;
  r.workers_label = std::to_string(workers);
  r.has_efficiency = model.info().has_efficiency;
  r.is_baseline = model.info().speedup_baseline;
  r.cpu_bound = needs_cores(workload.traits);
  r.name = fmt::format("{}/{}/workers:{}", r.workload, r.model, workers);
  return r;
}

// --benchmark_filter: a POSIX extended regular expression on cell names
// (Google Benchmark's own syntax), '-' to negate. regcomp rather than
// std::regex: GCC 12 warns inside <regex> under ASan, and -Werror fails.
class CellFilter {
 public:
  explicit CellFilter(const std::string& text) {
    std::string pattern = text;
    if (pattern.starts_with('-')) {
      negate_ = true;
      pattern.erase(0, 1);
    }
    if (pattern.empty() || (pattern == "." && !negate_) || pattern == "all") return;
    if (const int rc = ::regcomp(&regex_, pattern.c_str(), REG_EXTENDED | REG_NOSUB); rc != 0) {
      char reason[256];
      ::regerror(rc, &regex_, reason, sizeof reason);
      throw UsageError(fmt::format("--benchmark_filter '{}': not a valid regular expression ({})",
                                   text, reason));
    }
    compiled_ = true;
  }
  ~CellFilter() {
    if (compiled_) ::regfree(&regex_);
  }
  CellFilter(const CellFilter&) = delete;
  CellFilter& operator=(const CellFilter&) = delete;
  bool keeps(const std::string& name) const {
    return !compiled_ || (::regexec(&regex_, name.c_str(), 0, nullptr, 0) == 0) != negate_;
  }

 private:
  regex_t regex_{};
  bool compiled_ = false;
  bool negate_ = false;
};

std::string local_date() {  // Google Benchmark's form: "2026-11-25T18:05:41+00:00"
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[40] = {};
  if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local) == 0) return {};
  std::string date = text;
  date.insert(date.size() - 2, ":");  // "+0000" -> "+00:00"
  return date;
}

class Runner {
 public:
  Runner(const Plan& plan, const RunObserver& observer) : plan_(plan), observer_(observer) {}

  RunReport run() {
    report_.sampling = plan_.sampling;
    report_.context.date = local_date();
    report_.context.command_line = plan_.command_line;
    report_.context.version = build_info::version;
    report_.context.machine = machine_info();
    report_.context.state = machine_state();
    // Before any worker thread: perf's inherit counts only those started later.
    probe_ = std::make_unique<mechanism::Probe>();
    build_cells();
    measure_spawn_cost_if_needed();
    measure();
    finish();
    return std::move(report_);
  }

 private:
  void build_cells() {
    for (const auto& name : plan_.models)
      models_.push_back(
          resolve(find_model(name), "model", name, model_registry()).make(plan_.options));
    std::vector<const WorkloadEntry*> entries;
    for (const auto& name : plan_.workloads)
      entries.push_back(&resolve(find_workload(name), "workload", name, workload_registry()));
    const CellFilter filter(plan_.filter);
    const unsigned hardware_threads = std::max(1u, std::thread::hardware_concurrency());

    for (const WorkloadEntry* entry : entries) {
      std::unique_ptr<Workload> workload;
      std::string construction_error;
      try {
        workload = entry->make(plan_.options);
      } catch (const UsageError&) {
        throw;
      } catch (const std::exception& e) {
        construction_error = e.what();
      }
      throw_if_interrupted();  // a gold answer may take a while: Ctrl-C ends it
      for (const auto& model : models_) {
        std::vector<unsigned> counts = plan_.workers;
        if (model->info().single_worker)
          counts = {1};
        else if (counts.empty())
          counts = {workload ? workload->default_workers(hardware_threads) : hardware_threads};
        for (unsigned workers : counts) {
          CellResult r = make_result(*entry, *model, workers);
          if (!filter.keeps(r.name)) continue;
          if (!workload) {
            r.status = CellStatus::failed;
            r.reason = construction_error;
          } else if (auto a = model->availability(); !a.ok) {
            r.status = CellStatus::skipped;
            r.reason = a.reason;
          } else if (auto s = model->supports(*workload); !s.ok) {
            r.status = CellStatus::not_applicable;
            r.reason = s.reason;
          }
          if (workload) {
            r.items = workload->items();
            r.item_unit = workload->info().item_unit;
          }
          auto cell = std::make_unique<Cell>();
          cell->result = std::move(r);
          cell->workload = workload.get();
          cell->model = model.get();
          cell->probe = probe_.get();
          cell->done = cell->result.status != CellStatus::ok;
          cells_.push_back(std::move(cell));
        }
      }
      if (workload) workloads_.push_back(std::move(workload));
    }
    if (cells_.empty())
      throw UsageError(fmt::format("--benchmark_filter '{}' matches no cell", plan_.filter));
  }

  // Once, before any cell: what threads pays per run and pool does not,
  // for the most workers either model runs with (see SpawnCost).
  void measure_spawn_cost_if_needed() {
    unsigned most = 0;
    for (const auto& c : cells_)
      if (!c->done && spawn_cost_applies(c->model->info())) most = std::max(most, c->result.workers);
    if (most == 0) return;
    try {
      report_.context.spawn_cost = measure_spawn_cost(most);
    } catch (const std::exception&) {
      // No threads to spare: the cells that need them fail with the reason.
    }
  }

  std::vector<Cell*> runnable() const {
    std::vector<Cell*> out;
    for (const auto& c : cells_)
      if (!c->done) out.push_back(c.get());
    return out;
  }

  void notify(ProgressEvent::Stage stage, const Cell& cell) const {
    if (!observer_.progress) return;
    const auto finished = static_cast<std::size_t>(std::count_if(
        cells_.begin(), cells_.end(), [](const auto& c) { return c->done; }));
    observer_.progress({stage, cell.result, cell.result.real_seconds.size(), finished,
                        cells_.size(),
                        std::chrono::duration<double>(Clock::now() - start_).count()});
  }

  void fail(Cell& cell, std::string error) {
    cell.result.status = CellStatus::failed;
    cell.result.reason = std::move(error);
    cell.done = true;
  }

  // Untimed runs, verified like timed ones: a cell that cannot get the
  // answer right fails here, before any time is spent measuring it.
  void warm_up(Cell& cell) {
    notify(ProgressEvent::Stage::warming_up, cell);
    // A thread per worker beside this one: as many as any of these models starts.
    if (cell.model->info().starts_a_thread_per_worker && cell.result.workers > 1) try {
        ensure_threads_can_start(cell.result.workers);
      } catch (const std::exception& e) {
        return fail(cell, e.what());
      }
    const auto begin = Clock::now();
    const SamplingSettings& s = plan_.sampling;
    for (unsigned run = 0;; ++run) {
      const double elapsed = std::chrono::duration<double>(Clock::now() - begin).count();
      if (run >= s.warmup_runs && elapsed >= s.warmup_seconds) break;
      if (interrupt_requested()) return;
      try {
        cell.workload->before_run();
        cell.model->prepare(*cell.workload, cell.result.workers);
      } catch (const std::exception& e) {
        return fail(cell, fmt::format("setting up: {}", e.what()));
      }
      std::string error = run_and_verify(cell, nullptr, nullptr, nullptr);
      if (interrupt_requested()) return;
      if (!error.empty()) return fail(cell, std::move(error));
      ++cell.result.warmup_runs;
    }
  }

  bool precise_enough(const Cell& cell) const {
    const Summary t = summarize(cell.result.real_seconds);
    return t.count >= 2 &&
           t.median_ci.relative_half_width(t.median) <= plan_.sampling.precision;
  }

  bool finished(const Cell& cell) const {
    const SamplingSettings& s = plan_.sampling;
    const std::size_t n = cell.result.real_seconds.size();
    if (s.fixed_repetitions) return n >= *s.fixed_repetitions;
    if (n < s.min_repetitions) return false;
    return n >= s.max_repetitions || cell.timed_seconds >= s.max_seconds_per_cell ||
           precise_enough(cell);
  }

  void time_once(Cell& cell) {
    notify(ProgressEvent::Stage::measuring, cell);
    TimingReporter timing;
    // Google Benchmark appends "/iterations:1/repeats:1/real_time" to the name.
    benchmark::RunSpecifiedBenchmarks(&timing, "^" + cell.result.name + "/");
    if (interrupt_requested()) {  // the repetition was cut short: not a sample
      cell.result.interrupted = true;
      return;
    }
    if (!cell.last.error.empty()) return fail(cell, cell.last.error);
    if (timing.seconds < 0) return fail(cell, "Google Benchmark reported no timing");
    cell.result.real_seconds.push_back(timing.seconds);
    cell.result.cpu_seconds.push_back(cell.last.cpu_seconds / static_cast<double>(timing.iterations));
    if (cell.last.mechanism)
      cell.result.mechanism.push_back(
          mechanism::per_run(*cell.last.mechanism, static_cast<std::uint64_t>(timing.iterations)));
    cell.result.max_rss_kb = std::max(cell.result.max_rss_kb, peak_rss_kb());
    if (cell.last.kernel_seconds)
      cell.kernel_seconds.push_back(*cell.last.kernel_seconds / static_cast<double>(timing.iterations));
    for (const auto& [name_unit, sum] : cell.last.figure_sums)
      cell.figures[name_unit].push_back(sum / static_cast<double>(timing.iterations));
    cell.timed_seconds += timing.seconds * static_cast<double>(timing.iterations);
    if (finished(cell)) {
      cell.done = true;
      notify(ProgressEvent::Stage::finished, cell);
    }
  }

  void register_benchmarks() {
    benchmark::ClearRegisteredBenchmarks();
    for (Cell* cell : runnable()) {
      auto* bench = benchmark::RegisterBenchmark(
          cell->result.name.c_str(), [cell](benchmark::State& state) { timed_repetition(state, *cell); });
      bench->UseRealTime()->Unit(benchmark::kMillisecond)->Repetitions(1);
      if (plan_.sampling.min_time) bench->MinTime(*plan_.sampling.min_time);
      else bench->Iterations(1);
    }
  }

  void measure() {
    start_ = Clock::now();
    std::mt19937_64 order(plan_.sampling.seed);
    std::vector<Cell*> cells = runnable();
    if (plan_.sampling.interleave) std::shuffle(cells.begin(), cells.end(), order);
    for (Cell* cell : cells) {
      if (interrupt_requested()) return;
      warm_up(*cell);
    }
    register_benchmarks();
    if (plan_.sampling.interleave) {
      for (cells = runnable(); !cells.empty() && !interrupt_requested(); cells = runnable()) {
        std::shuffle(cells.begin(), cells.end(), order);
        for (Cell* cell : cells) {
          if (interrupt_requested()) break;
          time_once(*cell);
        }
      }
    } else {
      for (Cell* cell : runnable())
        while (!cell->done && !interrupt_requested()) time_once(*cell);
    }
    benchmark::ClearRegisteredBenchmarks();
  }

  void finish() {
    report_.interrupted = interrupt_requested();
    for (auto& cell : cells_) {
      CellResult& r = cell->result;
      if (r.status == CellStatus::ok) {
        if (report_.interrupted && !cell->done) r.interrupted = true;
        if (r.real_seconds.empty()) {
          r.status = CellStatus::interrupted;
        } else {
          r.verified = true;
          r.time = summarize(r.real_seconds);
          r.cpu_median = summarize(r.cpu_seconds).median;
          if (!cell->kernel_seconds.empty())
            r.kernel_seconds = summarize(cell->kernel_seconds).median;
          for (const auto& [name_unit, samples] : cell->figures)
            r.figures.push_back({name_unit.first, name_unit.second, summarize(samples).median});
        }
      }
      report_.cells.push_back(std::move(r));
    }
    const auto analysis_start = Clock::now();
    report_.context.wall_seconds = std::chrono::duration<double>(analysis_start - start_).count();
    analyse(report_);
    report_.context.analysis_seconds = std::chrono::duration<double>(Clock::now() - analysis_start).count();
  }

  const Plan& plan_;
  const RunObserver& observer_;
  RunReport report_;
  std::unique_ptr<mechanism::Probe> probe_;
  std::vector<std::unique_ptr<Model>> models_;
  std::vector<std::unique_ptr<Workload>> workloads_;
  std::vector<std::unique_ptr<Cell>> cells_;
  Clock::time_point start_ = Clock::now();
};

}  // namespace

void check_sampling(const SamplingSettings& s) {
  auto finite_in = [](double x, double low, double high) {
    return std::isfinite(x) && x >= low && x <= high;
  };
  if (s.fixed_repetitions && (*s.fixed_repetitions < 1 || *s.fixed_repetitions > 10000))
    throw UsageError(fmt::format("--repetitions must be 1 to 10000, got {}", *s.fixed_repetitions));
  if (s.min_repetitions < 1 || s.min_repetitions > 10000)
    throw UsageError(fmt::format("--min-repetitions must be 1 to 10000, got {}", s.min_repetitions));
  if (s.max_repetitions < s.min_repetitions || s.max_repetitions > 10000)
    throw UsageError(fmt::format("--max-repetitions must be from --min-repetitions ({}) to 10000, "
                                 "got {}", s.min_repetitions, s.max_repetitions));
  if (!finite_in(s.precision, 1e-4, 1))
    throw UsageError(fmt::format("--precision must be 0.01% to 100%, got {}", s.precision));
  if (!finite_in(s.max_seconds_per_cell, 0, 86400))
    throw UsageError(fmt::format("--max-time must be 0 to 86400 seconds, got {}", s.max_seconds_per_cell));
  if (s.warmup_runs > 1000) throw UsageError(fmt::format("--warmup must be 0 to 1000, got {}", s.warmup_runs));
  if (!finite_in(s.warmup_seconds, 0, 3600))
    throw UsageError(fmt::format("--warmup-time must be 0 to 3600 seconds, got {}", s.warmup_seconds));
  if (s.min_time && !finite_in(*s.min_time, 1e-6, 3600))
    throw UsageError(fmt::format("--min-time must be 0.000001 to 3600 seconds, got {}", *s.min_time));
}

RunReport run_matrix(const Plan& plan, const RunObserver& observer) {
  check_sampling(plan.sampling);
  for (unsigned w : plan.workers)
    if (w == 0) throw UsageError("--workers must be at least 1, got 0");
  return Runner(plan, observer).run();
}

}  // namespace concur
