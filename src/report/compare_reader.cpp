// Reads a result file in Google Benchmark's JSON schema, checking every
// field it uses (through report/result_file's FieldReader): any problem
// becomes a ParseError naming the file, the entry and what was expected.
// Fuzzed by tests/fuzz/compare_reader_fuzz.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "report/compare.hpp"
#include "report/result_file.hpp"

namespace concur::report {
namespace {

using json = ResultJson;

const char* type_name(const json& value) { return value.type_name(); }

double seconds_per(const std::string& unit, const std::string& where, const std::string& path) {
  static const std::map<std::string, double> kUnits = {
      {"ns", 1e-9}, {"us", 1e-6}, {"ms", 1e-3}, {"s", 1}};
  auto it = kUnits.find(unit);
  if (it == kUnits.end())
    throw ParseError(
        fmt::format("{}: {}.time_unit: '{}' is not one of ns, us, ms, s", path, where, unit));
  return it->second;
}

// The run name without "/repeats:N", so 3 repetitions compare with 5.
std::string matching_name(const std::string& run_name) {
  static constexpr std::string_view kRepeats = "/repeats:";
  std::string name = run_name;
  for (std::size_t at = name.find(kRepeats); at != std::string::npos;
       at = name.find(kRepeats, at)) {
    std::size_t end = at + kRepeats.size();
    while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end]))) ++end;
    if (end == at + kRepeats.size()) {
      at = end;  // "/repeats:" without digits is part of the name
      continue;
    }
    name.erase(at, end - at);
  }
  return name;
}

constexpr std::string_view kTimeAggregates[] = {"mean", "median", "stddev", "cv"};

bool is_time_aggregate(std::string_view name) {
  return std::find(std::begin(kTimeAggregates), std::end(kTimeAggregates), name) !=
         std::end(kTimeAggregates);
}

// "bm_median" -> "median": how versions before aggregate_name named them.
std::string aggregate_from_suffix(const std::string& name) {
  for (std::string_view suffix : kTimeAggregates)
    if (name.size() > suffix.size() + 1 && name.ends_with(suffix) &&
        name[name.size() - suffix.size() - 1] == '_')
      return std::string(suffix);
  return "";
}


}  // namespace

double StoredBenchmark::median() const {
  if (real_seconds.empty()) return median_seconds.value_or(0);
  std::vector<double> sorted = real_seconds;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

BenchmarkFile parse_benchmark_json(std::string_view text, const std::string& path) {
  const json document = parse_result_json(text, path);
  if (!document.is_object())
    throw ParseError(fmt::format("{}: expected a JSON object with \"benchmarks\", got {}", path,
                                 type_name(document)));
  if (auto context = document.find("context"); context != document.end() && !context->is_object())
    throw ParseError(
        fmt::format("{}: context: expected an object, got {}", path, type_name(*context)));
  auto list = document.find("benchmarks");
  if (list == document.end()) throw ParseError(fmt::format("{}: no \"benchmarks\" array", path));
  if (!list->is_array())
    throw ParseError(
        fmt::format("{}: benchmarks: expected an array, got {}", path, type_name(*list)));

  BenchmarkFile file{path, {}, {}};
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& entry = (*list)[i];
    const std::string where = fmt::format("benchmarks[{}]", i);
    if (!entry.is_object())
      throw ParseError(
          fmt::format("{}: {}: expected an object, got {}", path, where, type_name(entry)));
    FieldReader read(entry, where, path);
    const std::string name = read.required_text("name");
    const std::string run_type = read.text("run_type").value_or("iteration");
    if (run_type != "iteration" && run_type != "aggregate")
      read.fail("run_type", fmt::format("'{}' is not iteration or aggregate", run_type));
    std::string aggregate;
    if (run_type == "aggregate") {
      aggregate = read.text("aggregate_name").value_or("");
      if (aggregate.empty()) aggregate = aggregate_from_suffix(name);  // older versions
      if (aggregate.empty()) {
        file.skipped.push_back({name, "an aggregate without aggregate_name"});
        continue;
      }
      if (aggregate == "BigO" || aggregate == "RMS") {
        file.skipped.push_back({name, fmt::format("a complexity fit ({}), not a time", aggregate)});
        continue;
      }
      if (!is_time_aggregate(aggregate)) {
        file.skipped.push_back({name, fmt::format("unknown aggregate '{}'", aggregate)});
        continue;
      }
    }
    std::string run_name = read.text("run_name").value_or("");
    if (run_name.empty()) {  // older files: strip the "_median" suffix
      run_name = name;
      if (!aggregate.empty() && run_name.ends_with("_" + aggregate))
        run_name.resize(run_name.size() - aggregate.size() - 1);
    }
    const bool failed = read.flag("error_occurred");
    const double unit = seconds_per(read.text("time_unit").value_or("ns"), where, path);
    const std::optional<double> real_time = read.number("real_time");
    if (!failed && !real_time) read.fail("real_time", "missing (a number is required)");
    read.number("cpu_time");  // checked, not used

    const std::string key = matching_name(run_name);
    auto [it, inserted] = index.try_emplace(key, file.benchmarks.size());
    if (inserted) file.benchmarks.push_back({key, {}, std::nullopt, "", false, false, {}});
    StoredBenchmark& b = file.benchmarks[it->second];
    if (failed) {
      b.failed = true;
      if (b.error.empty()) b.error = read.text("error_message").value_or("failed");
      const std::string status = read.text("status").value_or("");  // concur-bench's own column
      b.not_run = status == "skipped" || status == "not_applicable";
    } else if (run_type == "iteration") {
      b.real_seconds.push_back(*real_time * unit);
      if (auto m = entry.find("mechanism"); m != entry.end() && !m->is_null())
        b.mechanism.push_back(read_mechanism(*m, where + ".mechanism", path));
    } else if (aggregate == "median") {
      b.median_seconds = *real_time * unit;
    }
  }
  for (StoredBenchmark& b : file.benchmarks)  // a sample per repetition, or none
    if (b.mechanism.size() != b.real_seconds.size()) b.mechanism.clear();
  return file;
}

BenchmarkFile read_benchmark_file(const std::string& path) {
  return parse_benchmark_json(read_result_text(path), path);
}

}  // namespace concur::report
