// The inverse of json.cpp for what the renderers read. Each cell comes from
// its first entry (the one with "samples_s"); its other repetitions and the
// aggregates repeat what that entry holds and are not read. Statistics are
// recomputed from the samples, as the runner computes them.
#include "report/report_reader.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/result_file.hpp"

namespace concur::report {
namespace {

using Json = ResultJson;
using Type = Json::value_t;

std::vector<double> seconds_list(const FieldReader& read, const char* key) {
  std::vector<double> out;
  const Json& list = read.required(key, Type::array);
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_number() || !std::isfinite(list[i].get<double>()) || list[i].get<double>() < 0)
      read.fail(key, fmt::format("[{}]: expected a time in seconds, got {}", i, list[i].dump()));
    out.push_back(list[i].get<double>());
  }
  return out;
}

CellStatus status_of(const FieldReader& read) {
  const std::string text = read.required_text("status");
  for (CellStatus s : {CellStatus::ok, CellStatus::failed, CellStatus::skipped,
                       CellStatus::not_applicable, CellStatus::interrupted})
    if (text == to_string(s)) return s;
  read.fail("status", fmt::format("'{}' is not ok, failed, skipped, not_applicable or interrupted", text));
}

unsigned whole_unsigned(const FieldReader& read, const char* key) {
  return static_cast<unsigned>(read.required_whole(key, UINT32_MAX));
}

CellResult read_cell(const Json& entry, const std::string& where, const std::string& path) {
  const FieldReader read(entry, where, path);
  CellResult c;
  c.name = read.required_text("run_name");
  if (!c.name.ends_with("/real_time")) read.fail("run_name", "expected a name ending in /real_time");
  c.name.resize(c.name.size() - std::string_view("/real_time").size());
  c.workload = read.required_text("workload");
  c.group = read.required_text("group");
  c.model = read.required_text("model");
  c.workers = whole_unsigned(read, "workers");
  c.workers_label = read.required_text("workers_label");
  c.status = status_of(read);
  c.reason = read.text("error").value_or("");
  c.verified = read.required_flag("verified");
  c.is_baseline = read.required_flag("is_baseline");
  c.has_efficiency = read.required_flag("has_efficiency");
  c.cpu_bound = read.required_flag("cpu_bound");
  c.interrupted = read.flag("interrupted");
  c.warmup_runs = read.required_whole("warmup_runs");
  c.real_seconds = seconds_list(read, "samples_s");
  c.cpu_seconds = seconds_list(read, "cpu_samples_s");
  if (c.cpu_seconds.size() != c.real_seconds.size())
    read.fail("cpu_samples_s", fmt::format("{} samples for {} repetitions", c.cpu_seconds.size(),
                                           c.real_seconds.size()));
  if (c.status == CellStatus::ok) c.time = summarize(c.real_seconds);
  c.cpu_median = read.number("cpu_s").value_or(0);
  c.kernel_seconds = read.number("kernel_s");
  c.max_rss_kb = read.number("max_rss_kb").value_or(0);
  c.items = read.required_whole("items");
  std::string unit = read.text("unit").value_or("/s");
  if (unit.ends_with("/s")) unit.resize(unit.size() - 2);
  c.item_unit = unit;
  if (const Json* placement = read.find("placement", Type::array))
    for (std::size_t i = 0; i < placement->size(); ++i) {
      if (!(*placement)[i].is_object()) read.fail("placement", fmt::format("[{}]: expected an object", i));
      const FieldReader host((*placement)[i], fmt::format("{}.placement[{}]", where, i), path);
      c.placement.push_back({host.required_text("host"), whole_unsigned(host, "ranks")});
    }
  if (const Json* figures = read.find("figures", Type::object))
    for (const auto& item : figures->items()) {
      const std::string& name = item.key();
      const Json& figure = item.value();
      if (!figure.is_object()) read.fail("figures", fmt::format("{}: expected an object", name));
      const FieldReader f(figure, fmt::format("{}.figures.{}", where, name), path);
      const Json& value = f.required("median", Type::number_float);
      if (!std::isfinite(value.get<double>())) f.fail("median", "not a finite number");
      c.figures.push_back({name, f.text("unit").value_or(""), value.get<double>()});
    }
  return c;
}

SamplingSettings read_sampling(const FieldReader& context) {
  const Json& object = context.required("sampling", Type::object);
  const FieldReader read(object, context.where() + ".sampling", context.path());
  SamplingSettings s;
  s.warmup_runs = whole_unsigned(read, "warmup_runs");
  s.warmup_seconds = read.required_number("warmup_time_s");
  // A count, or "adaptive": the one field of two types.
  if (auto it = object.find("repetitions"); it != object.end() && it->is_number())
    s.fixed_repetitions = whole_unsigned(read, "repetitions");
  else if (it == object.end() || *it != "adaptive")
    read.fail("repetitions", "expected a count or \"adaptive\"");
  s.precision = read.required_number("precision");
  s.min_repetitions = whole_unsigned(read, "min_repetitions");
  s.max_repetitions = whole_unsigned(read, "max_repetitions");
  s.max_seconds_per_cell = read.required_number("max_time_s");
  s.min_time = read.number("min_time_s");
  s.interleave = read.required_flag("interleave");
  s.pin = read.required_flag("pin");
  s.seed = read.required_whole("seed");
  return s;
}

RunContext read_context(const FieldReader& read) {
  RunContext run;
  run.date = read.required_text("date");
  run.command_line = read.required_text("command_line");
  run.version = read.required_text("concur_version");
  run.wall_seconds = read.required_number("wall_time_s");
  run.analysis_seconds = read.number("analysis_s").value_or(0);  // absent before it was recorded
  MachineInfo& m = run.machine;
  m.host_name = read.text("host_name").value_or("");
  m.cpu_model = read.text("cpu_model").value_or("");
  m.logical_cpus = whole_unsigned(read, "num_cpus");
  m.physical_cores = whole_unsigned(read, "physical_cores");
  m.mhz_per_cpu = read.number("mhz_per_cpu").value_or(0);
  m.os = read.text("os").value_or("");
  m.compiler = read.text("compiler").value_or("");
  m.build_type = read.required_text("cmake_build_type");
  if (const Json* caches = read.find("caches", Type::array))
    for (std::size_t i = 0; i < caches->size(); ++i) {
      if (!(*caches)[i].is_object()) read.fail("caches", fmt::format("[{}]: expected an object", i));
      const FieldReader cache((*caches)[i], fmt::format("context.caches[{}]", i), read.path());
      m.caches.push_back({static_cast<int>(cache.required_whole("level", 16)), cache.required_text("type"),
                          static_cast<long>(cache.required_whole("size", INT64_MAX)),
                          static_cast<int>(cache.required_whole("num_sharing", INT32_MAX))});
    }
  if (const Json* libraries = read.find("libraries", Type::object))
    for (const auto& item : libraries->items()) {
      const std::string& name = item.key();
      const Json& version = item.value();
      if (!version.is_string()) read.fail("libraries", fmt::format("{}: expected a string", name));
      m.libraries.emplace_back(name, version.get<std::string>());
    }
  MachineState& state = run.state;
  const Json& load = read.required("load_avg", Type::array);
  if (load.size() != 3) read.fail("load_avg", "expected three numbers (1, 5 and 15 minutes)");
  for (std::size_t i = 0; i < 3; ++i) {
    if (!load[i].is_number() || !std::isfinite(load[i].get<double>()) || load[i].get<double>() < 0)
      read.fail("load_avg", fmt::format("[{}]: expected a load, got {}", i, load[i].dump()));
    state.load_average[i] = load[i].get<double>();
  }
  const std::string affinity = read.text("affinity").value_or("");
  try {
    if (!affinity.empty()) state.affinity = parse_cpu_list(affinity);
  } catch (const std::invalid_argument&) {
    read.fail("affinity", fmt::format("'{}' is not a CPU list such as 0-3,8", affinity));
  }
  state.cpu_quota = read.number("cpu_quota");
  state.governor = read.text("governor").value_or("");
  if (read.find("spawn_threads", Type::number_unsigned))
    run.spawn_cost = SpawnCost{whole_unsigned(read, "spawn_threads"), whole_unsigned(read, "spawn_repetitions"),
                               read.required_number("thread_spawn_s"), read.required_number("pool_wake_s")};
  return run;
}

}  // namespace

RunReport parse_run_report(std::string_view text, const std::string& path) {
  const Json document = parse_result_json(text, path);
  if (!document.is_object())
    throw ParseError(fmt::format("{}: expected a JSON object, got {}", path, document.type_name()));
  auto context = document.find("context");
  auto benchmarks = document.find("benchmarks");
  if (context == document.end() || !context->is_object() || benchmarks == document.end() ||
      !benchmarks->is_array())
    throw ParseError(fmt::format("{}: not a result file (no \"context\" object and \"benchmarks\" array)", path));
  const FieldReader read(*context, "context", path);
  if (const std::string tool = read.text("executable").value_or("");  tool != "concur-bench")
    throw ParseError(fmt::format(
        "{}: not a concur-bench result (context.executable is '{}'): `show` reads what "
        "`concur-bench ... --format json` wrote; `compare` reads Google Benchmark's files too",
        path, tool));

  RunReport report;
  report.context = read_context(read);
  report.sampling = read_sampling(read);
  report.interrupted = read.required_flag("interrupted");
  for (std::size_t i = 0; i < benchmarks->size(); ++i) {
    const Json& entry = (*benchmarks)[i];
    const std::string where = fmt::format("benchmarks[{}]", i);
    if (!entry.is_object())
      throw ParseError(fmt::format("{}: {}: expected an object, got {}", path, where, entry.type_name()));
    if (entry.contains("samples_s")) {
      report.cells.push_back(read_cell(entry, where, path));
    }
    // Each repetition's entry follows its cell's first one and carries its
    // mechanism sample.
    if (auto m = entry.find("mechanism"); m != entry.end() && !m->is_null() && !report.cells.empty())
      report.cells.back().mechanism.push_back(read_mechanism(*m, where + ".mechanism", path));
  }
  for (CellResult& cell : report.cells)  // a sample per repetition, or none
    if (cell.mechanism.size() != cell.real_seconds.size()) cell.mechanism.clear();
  if (report.cells.empty())
    throw ParseError(fmt::format("{}: no cell in \"benchmarks\" (no entry with \"samples_s\"): nothing to show", path));
  return report;
}

RunReport read_run_report(const std::string& path) { return parse_run_report(read_result_text(path), path); }

}  // namespace concur::report
