// JSON in Google Benchmark's schema (`context` + `benchmarks`), so compare.py
// and other tools of its ecosystem read it: one "iteration" entry per
// repetition, then mean/median/stddev/cv aggregates from our Summary. Every
// column of columns.cpp is added to each entry as a flat key, plus top-level
// "scaling" and "analysis" sections (docs/json.md) that Google Benchmark's
// tools ignore.
//
// Names are stable across runs: "<cell>/real_time", never the repetition
// count (that is the "repetitions" field), because compare.py pairs entries
// by name and adaptive sampling takes different counts in different runs.
// The cell's samples ("samples_s") are written once, on its first entry, so
// the file grows linearly with the repetitions, not quadratically. That
// entry also carries what the columns do not (the CPU time per repetition,
// the cell's kind), so `concur-bench show` reads the whole run back
// (report_reader.cpp) and renders it as the run did. Each repetition's
// entry carries its own "mechanism" (MechanismSample): null where a figure
// was not measured, absent in files from before it.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <cctype>
#include <cmath>
#include <nlohmann/json.hpp>

#include "concur/report.hpp"
#include "core/statistics.hpp"
#include "report/analysis_text.hpp"
#include "report/columns.hpp"
#include "report/library_build_type.hpp"
#include "report/scaling.hpp"

namespace concur {
namespace {

using Json = nlohmann::ordered_json;

Json context(const RunReport& report) {
  const RunContext& run = report.context;
  const MachineInfo& m = run.machine;
  Json caches = Json::array();
  for (const auto& c : m.caches)
    caches.push_back({{"type", c.type},
                      {"level", c.level},
                      {"size", c.size_bytes},
                      {"num_sharing", c.shared_by}});
  Json libraries = Json::object();
  for (const auto& [name, version] : m.libraries) libraries[name] = version;
  std::string build_type = m.build_type;
  std::transform(build_type.begin(), build_type.end(), build_type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const MachineState& state = run.state;
  const SamplingSettings& s = report.sampling;
  Json warnings = Json::array();
  for (const Warning& w : report.analysis.warnings)
    warnings.push_back({{"kind", to_string(w.kind)},
                        {"subject", w.subject.name.empty() ? std::string(to_string(w.subject.kind)) : w.subject.name},
                        {"message", w.message},
                        {"advice", report::advice_text(w.advice)}});
  // Every host that ran workers (mpi ranks), with the most ranks it ran at once.
  std::map<std::string, unsigned> ranks_by_host;
  for (const CellResult& cell : report.cells)
    for (const HostRanks& h : cell.placement) ranks_by_host[h.host] = std::max(ranks_by_host[h.host], h.ranks);
  Json hosts = Json::array();
  for (const auto& [host, ranks] : ranks_by_host) hosts.push_back({{"host", host}, {"ranks", ranks}});
  return {{"date", run.date},
          {"host_name", m.host_name},
          {"worker_hosts", hosts},
          {"executable", "concur-bench"},
          {"num_cpus", m.logical_cpus},
          {"mhz_per_cpu", static_cast<long>(m.mhz_per_cpu)},
          {"cpu_scaling_enabled", !state.governor.empty() && state.governor != "performance"},
          {"caches", caches},
          {"load_avg", {state.load_average[0], state.load_average[1], state.load_average[2]}},
          {"library_build_type", report::benchmark_library_build_type()},  // Google Benchmark's own
          {"concur_version", run.version},
          {"concur_build_type", build_type},
          {"cmake_build_type", m.build_type},  // as written, for `show`
          {"command_line", run.command_line},
          {"cpu_model", m.cpu_model},
          {"physical_cores", m.physical_cores},
          {"affinity", format_cpu_list(state.affinity)},
          {"usable_cpus", state.usable_cpus()},
          {"cpu_quota", state.cpu_quota ? Json(*state.cpu_quota) : Json(nullptr)},
          {"governor", state.governor.empty() ? Json(nullptr) : Json(state.governor)},
          {"os", m.os},
          {"compiler", m.compiler},
          {"libraries", libraries},
          {"sampling",
           {{"warmup_runs", s.warmup_runs},
            {"warmup_time_s", s.warmup_seconds},
            {"repetitions", s.fixed_repetitions ? Json(*s.fixed_repetitions) : Json("adaptive")},
            {"precision", s.precision},
            {"min_repetitions", s.min_repetitions},
            {"max_repetitions", s.max_repetitions},
            {"max_time_s", s.max_seconds_per_cell},
            {"min_time_s", s.min_time ? Json(*s.min_time) : Json(nullptr)},
            {"interleave", s.interleave},
            {"pin", s.pin},
            {"seed", s.seed},
            {"confidence", 0.95},
            {"median_interval", "order statistics, Hettmansperger-Sheather interpolation"},
            {"ratio_interval", "percentile bootstrap, 2000 resamples"}}},
          // What threads pays per run and pool does not (null: neither ran).
          {"spawn_threads", run.spawn_cost ? Json(run.spawn_cost->threads) : Json(nullptr)},
          {"spawn_repetitions", run.spawn_cost ? Json(run.spawn_cost->repetitions) : Json(nullptr)},
          {"thread_spawn_s", run.spawn_cost ? Json(run.spawn_cost->thread_spawn_seconds) : Json(nullptr)},
          {"pool_wake_s", run.spawn_cost ? Json(run.spawn_cost->pool_wake_seconds) : Json(nullptr)},
          {"wall_time_s", run.wall_seconds},
          {"analysis_s", run.analysis_seconds},
          {"interrupted", report.interrupted},
          {"warnings", warnings}};
}

Json typed(const report::Value& value) {
  return std::visit(
      [](const auto& v) -> Json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return nullptr;
        else return v;
      },
      value);
}

// `first`: the cell's first entry, the only one that carries the samples.
void add_columns(Json& entry, const CellResult& cell, const CellAnalysis& analysed, bool first) {
  for (const auto& column : report::columns())
    entry[std::string(column.key)] = typed(column.machine(cell, analysed));
  if (first) {
    entry["samples_s"] = cell.real_seconds;
    // The rest of the cell, for `show` to read the run back whole (Google
    // Benchmark's tools ignore keys they do not know).
    entry["cpu_samples_s"] = cell.cpu_seconds;
    entry["workers_label"] = cell.workers_label;
    entry["group"] = cell.group;
    entry["is_baseline"] = cell.is_baseline;
    entry["has_efficiency"] = cell.has_efficiency;
    entry["cpu_bound"] = cell.cpu_bound;
    entry["items"] = cell.items;
  }
  if (!cell.placement.empty()) {
    entry["placement"] = Json::array();
    for (const HostRanks& h : cell.placement) entry["placement"].push_back({{"host", h.host}, {"ranks", h.ranks}});
  }
  // The workload's own figures (pipeline latency), full precision.
  for (const Figure& f : cell.figures) entry["figures"][f.name] = {{"median", f.value}, {"unit", f.unit}};
}

template <typename T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// One repetition's MechanismSample; the names are what compare_reader reads.
Json mechanism(const MechanismSample& m) {
  return {{"cpu_s", m.cpu_seconds},
          {"user_s", m.user_seconds},
          {"system_s", m.system_seconds},
          {"voluntary_switches", m.voluntary_switches},
          {"involuntary_switches", m.involuntary_switches},
          {"minor_faults", m.minor_faults},
          {"major_faults", m.major_faults},
          {"run_delay_s", or_null(m.run_delay_seconds)},
          {"lock_wait_s", or_null(m.lock_wait_seconds)},
          {"io_wait_s", or_null(m.io_wait_seconds)},
          {"traffic_bytes", or_null(m.traffic_bytes)},
          {"cycles", or_null(m.cycles)},
          {"instructions", or_null(m.instructions)},
          {"llc_misses", or_null(m.llc_misses)},
          {"machine_busy_s", or_null(m.machine_busy_seconds)},
          {"workers_not_counted", m.workers_not_counted}};
}

Json entry(const CellResult& cell, std::size_t family, const std::string& run_name) {
  const std::size_t repetitions = cell.real_seconds.size();
  return {{"name", run_name},
          {"family_index", family},
          {"per_family_instance_index", 0},
          {"run_name", run_name},
          {"run_type", "iteration"},
          {"repetitions", repetitions},
          {"repetition_index", 0},
          {"threads", 1},
          {"iterations", 1}};
}

void add_cell(Json& benchmarks, const CellResult& cell, const CellAnalysis& analysed, std::size_t family) {
  constexpr double kMs = 1e3;
  const std::size_t repetitions = cell.real_seconds.size();
  const std::string run_name = fmt::format("{}/real_time", cell.name);  // no count: see the top
  if (cell.status != CellStatus::ok || repetitions == 0) {
    Json e = entry(cell, family, run_name);
    e["error_occurred"] = true;
    e["error_message"] = cell.reason.empty() ? std::string(to_string(cell.status)) : cell.reason;
    e.update({{"real_time", 0.0}, {"cpu_time", 0.0}, {"time_unit", "ms"}});
    add_columns(e, cell, analysed, true);
    benchmarks.push_back(std::move(e));
    return;
  }
  for (std::size_t i = 0; i < repetitions; ++i) {
    Json e = entry(cell, family, run_name);
    e["repetition_index"] = i;
    e.update({{"real_time", cell.real_seconds[i] * kMs},
              {"cpu_time", i < cell.cpu_seconds.size() ? cell.cpu_seconds[i] * kMs : 0.0},
              {"time_unit", "ms"}});
    add_columns(e, cell, analysed, i == 0);
    if (i < cell.mechanism.size()) e["mechanism"] = mechanism(cell.mechanism[i]);
    benchmarks.push_back(std::move(e));
  }
  if (repetitions < 2) return;  // Google Benchmark adds aggregates only then
  const Summary cpu = summarize(cell.cpu_seconds);  // Google Benchmark's aggregates, from the samples
  const Summary& real = cell.time;
  const struct {
    const char* name;
    double real, cpu;
    const char* unit;
  } aggregates[] = {{"mean", real.mean * kMs, cpu.mean * kMs, "time"},
                    {"median", real.median * kMs, cpu.median * kMs, "time"},
                    {"stddev", real.stddev * kMs, cpu.stddev * kMs, "time"},
                    {"cv", real.cv, cpu.cv, "percentage"}};
  for (const auto& a : aggregates) {
    Json e = entry(cell, family, run_name);
    e["name"] = run_name + "_" + a.name;
    e["run_type"] = "aggregate";
    e.erase("repetition_index");
    e.update({{"aggregate_name", a.name},
              {"aggregate_unit", a.unit},
              {"iterations", repetitions},
              {"real_time", a.real},
              {"cpu_time", a.cpu},
              {"time_unit", "ms"}});
    add_columns(e, cell, analysed, false);
    benchmarks.push_back(std::move(e));
  }
}

Json estimate(const std::optional<Estimate>& e) {
  if (!e) return nullptr;
  return {{"value", e->value},
          {"ci_low", e->has_interval ? Json(e->ci.low) : Json(nullptr)},
          {"ci_high", e->has_interval ? Json(e->ci.high) : Json(nullptr)}};
}

Json optional(const std::optional<double>& x) { return x ? Json(*x) : Json(nullptr); }

Json scaling(const RunReport& report) {
  Json out = Json::array();
  for (const auto& s : report.analysis.scaling) {
    Json points = Json::array();
    for (const auto& p : s.points)
      points.push_back({{"workers", p.workers},
                        {"speedup", p.speedup},
                        {"efficiency", p.efficiency},
                        {"karp_flatt", optional(p.karp_flatt)}});
    Json usl = nullptr;
    if (s.usl)
      usl = {{"sigma", s.usl->sigma}, {"kappa", s.usl->kappa}, {"peak_workers", optional(s.usl->peak_workers())}};
    out.push_back({{"workload", s.workload},
                   {"model", s.model},
                   {"baseline", s.baseline},
                   {"serial_fraction", optional(s.serial_fraction)},
                   {"karp_flatt_trend", s.karp_flatt_trend == KarpFlattTrend::unknown
                                            ? Json(nullptr)
                                            : Json(to_string(s.karp_flatt_trend))},
                   {"usl", usl},
                   {"points", points}});
  }
  return out;
}

// The Analysis, documented in docs/json.md: every estimate with its interval
// per cell, the winner sets, the explanations and verdicts (typed, with their
// text), the typed warnings and the fits.
Json analysis(const RunReport& report) {
  const Analysis& a = report.analysis;
  const auto name = [&](std::size_t i) { return report.cells[i].name; };
  const auto names = [&](const std::vector<std::size_t>& cells) {
    Json out = Json::array();
    for (std::size_t i : cells) out.push_back(name(i));
    return out;
  };
  const auto estimates = [](const std::vector<Estimate>& list) {
    Json out = Json::array();
    for (const Estimate& e : list) out.push_back(estimate(e));
    return out;
  };
  Json cells = Json::array();
  for (std::size_t i = 0; i < a.cells.size() && i < report.cells.size(); ++i) {
    const CellAnalysis& c = a.cells[i];
    cells.push_back({{"name", name(i)},
                     {"time_s", estimate(c.time)},
                     {"speedup", estimate(c.speedup)},
                     {"efficiency", estimate(c.efficiency)},
                     {"cores_used", estimate(c.cores_used)},
                     {"work_inflation", estimate(c.work_inflation)},
                     {"run_delay_share", optional(c.run_delay_share)},
                     {"cores_wanted", optional(c.cores_wanted)},
                     {"others_cpu_share", optional(c.others_cpu_share)},
                     {"voluntary_switches_per_s", optional(c.voluntary_switches_per_second)},
                     {"involuntary_switches_per_s", optional(c.involuntary_switches_per_second)},
                     {"lock_wait_share", optional(c.lock_wait_share)},
                     {"io_wait_ratio", optional(c.io_wait_ratio)},
                     {"imprecise", c.imprecise}});
  }
  Json rankings = Json::array();
  for (const Ranking& r : a.rankings)
    rankings.push_back({{"workload", r.workload},
                        {"workers", r.workers ? Json(*r.workers) : Json(nullptr)},
                        {"best", name(r.best)},
                        {"winners", names(r.winners)},
                        {"winners_vs_best", estimates(r.winners_vs_best)},
                        {"others", names(r.others)},
                        {"others_vs_best", estimates(r.others_vs_best)}});
  Json explanations = Json::array();
  for (const Explanation& e : a.explanations)
    explanations.push_back({{"workload", e.workload},
                            {"model", e.model},
                            {"cell", name(e.cell)},
                            {"mechanism", to_string(e.mechanism)},
                            {"for_workload", e.for_workload},
                            {"workers", e.workers},
                            {"cpus", e.cpus},
                            {"cores_used", estimate(e.cores_used)},
                            {"voluntary_switches_per_s", optional(e.voluntary_switches_per_second)},
                            {"run_delay_share", optional(e.run_delay_share)},
                            {"others_cpu_share", optional(e.others_cpu_share)},
                            {"lock_wait_share", optional(e.lock_wait_share)},
                            {"io_wait_ratio", optional(e.io_wait_ratio)},
                            {"work_inflation", estimate(e.work_inflation)},
                            {"text", report::explanation_text(e)}});
  Json verdicts = Json::array();
  for (const AnalysisVerdict& v : a.verdicts) {
    Json disturbances = Json::array();
    for (const Disturbance& d : v.disturbances)
      disturbances.push_back({{"measure", to_string(d.measure)},
                              {"amount", d.amount},
                              {"limit", d.limit},
                              {"cell", d.cell.empty() ? Json(nullptr) : Json(d.cell)}});
    verdicts.push_back({{"kind", to_string(v.kind)},
                        {"workload", v.workload},
                        {"cells", names(v.cells)},
                        {"margin", estimate(v.margin)},
                        {"margin_cell", v.margin_cell ? Json(name(*v.margin_cell)) : Json(nullptr)},
                        {"cores_used", estimate(v.cores_used)},
                        {"workers", v.workers ? Json(v.workers) : Json(nullptr)},
                        {"load", v.load},
                        {"cpus", v.cpus},
                        {"run_delay_share", optional(v.run_delay_share)},
                        {"disturbances", disturbances},
                        {"text", report::verdict_text(v, report)}});
  }
  Json warnings = Json::array();
  for (const Warning& w : a.warnings)
    warnings.push_back(
        {{"kind", to_string(w.kind)},
         {"subject",
          {{"kind", to_string(w.subject.kind)},
           {"name", w.subject.name.empty() ? Json(nullptr) : Json(w.subject.name)}}},
         {"message", w.message},
         {"advice",
          {{"kind", to_string(w.advice.kind)},
           {"cpus", w.advice.cpus ? Json(w.advice.cpus) : Json(nullptr)},
           {"text", report::advice_text(w.advice)}}}});
  return {{"separation_threshold", stats::kSeparationThreshold},
          {"cells", cells},
          {"rankings", rankings},
          {"explanations", explanations},
          {"verdicts", verdicts},
          {"warnings", warnings},
          {"scaling", scaling(report)}};
}

}  // namespace

std::string render_json(const RunReport& report, const RenderOptions&) {
  Json benchmarks = Json::array();
  for (std::size_t i = 0; i < report.cells.size(); ++i)
    add_cell(benchmarks, report.cells[i], report::analysis_of(report, report.cells[i]), i);
  Json document = {{"context", context(report)},
                   {"benchmarks", benchmarks},
                   {"scaling", scaling(report)},
                   {"analysis", report::analysed(report) ? analysis(report) : Json(nullptr)}};
  return document.dump(2) + "\n";
}

}  // namespace concur
