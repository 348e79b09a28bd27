// Reads a result file in Google Benchmark's JSON schema, checking every
// field it uses: any problem becomes a ParseError naming the file, the entry
// and what was expected. Fuzzed by tests/fuzz/compare_reader_fuzz.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/bounded_read.hpp"
#include "report/compare.hpp"

namespace concur::report {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64;  // deeper is not a result file
constexpr std::uintmax_t kMaxBytes = 256u << 20;

struct DepthExceeded {};

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

class EntryReader {
 public:
  EntryReader(const json& entry, std::string where, const std::string& path)
      : entry_(entry), where_(std::move(where)), path_(path) {}

  [[noreturn]] void fail(std::string_view key, std::string_view what) const {
    throw ParseError(fmt::format("{}: {}.{}: {}", path_, where_, key, what));
  }
  const json* find(const char* key, json::value_t type) const {
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return nullptr;
    const bool ok = type == json::value_t::number_float ? it->is_number() : it->type() == type;
    if (!ok)
      fail(key, fmt::format("expected a {}, got {}", json(type).type_name(), type_name(*it)));
    return &*it;
  }
  std::optional<std::string> text(const char* key) const {
    const json* v = find(key, json::value_t::string);
    return v ? std::optional(v->get<std::string>()) : std::nullopt;
  }
  std::string required_text(const char* key) const {
    auto value = text(key);
    if (!value || value->empty()) fail(key, "missing (a non-empty string is required)");
    return *value;
  }
  std::optional<double> number(const char* key) const {
    const json* v = find(key, json::value_t::number_float);
    if (!v) return std::nullopt;
    const double x = v->get<double>();
    if (!std::isfinite(x) || x < 0) fail(key, fmt::format("{} is not a time", x));
    return x;
  }
  std::optional<std::uint64_t> count(const char* key) const {
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return std::nullopt;
    if (it->is_number_unsigned()) return it->get<std::uint64_t>();
    if (it->is_number_integer())
      fail(key, fmt::format("{} is not a count", it->get<std::int64_t>()));
    fail(key, fmt::format("expected a count (an unsigned integer), got {}", type_name(*it)));
  }
  bool flag(const char* key) const {
    const json* v = find(key, json::value_t::boolean);
    return v && v->get<bool>();
  }
  const std::string& where() const { return where_; }

 private:
  const json& entry_;
  std::string where_;
  const std::string& path_;
};

// An iteration entry's "mechanism" object (render_json's names). Absent
// figures are "not measured"; present ones must have their type.
MechanismSample read_mechanism(const json& object, const std::string& where,
                               const std::string& path) {
  if (!object.is_object())
    throw ParseError(
        fmt::format("{}: {}: expected an object, got {}", path, where, type_name(object)));
  const EntryReader read(object, where, path);
  MechanismSample m;
  m.cpu_seconds = read.number("cpu_s").value_or(0);
  m.user_seconds = read.number("user_s").value_or(0);
  m.system_seconds = read.number("system_s").value_or(0);
  m.voluntary_switches = read.count("voluntary_switches").value_or(0);
  m.involuntary_switches = read.count("involuntary_switches").value_or(0);
  m.minor_faults = read.count("minor_faults").value_or(0);
  m.major_faults = read.count("major_faults").value_or(0);
  m.run_delay_seconds = read.number("run_delay_s");
  m.lock_wait_seconds = read.number("lock_wait_s");
  m.io_wait_seconds = read.number("io_wait_s");
  m.traffic_bytes = read.count("traffic_bytes");
  m.cycles = read.count("cycles");
  m.instructions = read.count("instructions");
  m.llc_misses = read.count("llc_misses");
  m.workers_not_counted = read.flag("workers_not_counted");
  return m;
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
  json document;
  try {
    document = json::parse(text, [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxDepth) throw DepthExceeded{};
      return true;
    });
  } catch (const DepthExceeded&) {
    throw ParseError(
        fmt::format("{}: not a result file: nested deeper than {} levels", path, kMaxDepth));
  } catch (const json::exception& e) {
    throw ParseError(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
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
    EntryReader read(entry, where, path);
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
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ParseError(fmt::format("{}: is a folder, not a file", path));
  const BoundedRead read = read_at_most(path, kMaxBytes);  // /dev/zero, FIFOs: bounded too
  if (!read.error.empty()) throw ParseError(read.error);
  return parse_benchmark_json(read.content, path);
}

}  // namespace concur::report
