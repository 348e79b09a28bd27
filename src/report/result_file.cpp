#include "report/result_file.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "concur/errors.hpp"
#include "concur/interrupt.hpp"
#include "core/bounded_read.hpp"
#include "report/text_layout.hpp"

namespace concur::report {
namespace {

constexpr int kMaxDepth = 64;  // deeper is not a result file
constexpr std::uintmax_t kMaxBytes = 256u << 20;
// Entries of the benchmarks array (objects two levels down); a result file
// with more is not one a person reads, and parsing it costs gigabytes.
constexpr std::size_t kMaxEntries = 200'000;

struct DepthExceeded {};
struct TooManyEntries {};

}  // namespace

std::string read_result_text(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ParseError(fmt::format("{}: is a folder, not a file", path));
  BoundedRead read = read_at_most(path, kMaxBytes);  // /dev/zero, FIFOs: bounded too
  if (!read.error.empty()) throw ParseError(read.error);
  return std::move(read.content);
}

namespace {

// One pass over the bytes, before the parser: nesting depth and the number
// of entries (objects two levels down), so a file over either bound costs
// no DOM, and Ctrl-C is looked at as it goes. Validity is the parser's job;
// this only has to skip strings. (nlohmann's parse callback, which could
// count too, makes parsing quadratic: 44 s instead of 0.06 s for 200,000
// empty objects.)
void check_shape(std::string_view text) {
  constexpr std::size_t kBytesPerInterruptCheck = 1 << 20;
  int depth = 0;
  std::size_t entries = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i % kBytesPerInterruptCheck == 0 && interrupt_requested()) throw Interrupted();
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
      case '[':
        if (c == '{' && depth == 2 && ++entries > kMaxEntries) throw TooManyEntries{};
        if (++depth > kMaxDepth + 1) throw DepthExceeded{};
        break;
      case '}':
      case ']': --depth; break;
      default: break;
    }
  }
}

}  // namespace

ResultJson parse_result_json(std::string_view text, const std::string& path) {
  try {
    check_shape(text);
    return ResultJson::parse(text);
  } catch (const TooManyEntries&) {
    throw ParseError(fmt::format("{}: more than {} entries: too many to read at once (split the file, e.g. "
                                 "with --benchmark_filter)", path, kMaxEntries));
  } catch (const DepthExceeded&) {
    throw ParseError(
        fmt::format("{}: not a result file: nested deeper than {} levels", path, kMaxDepth));
  } catch (const ResultJson::exception& e) {
    throw ParseError(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
}

void FieldReader::fail(std::string_view key, std::string_view what) const {
  throw ParseError(fmt::format("{}: {}.{}: {}", path_, where_, key, what));
}

const ResultJson* FieldReader::find(const char* key, ResultJson::value_t type) const {
  auto it = object_.find(key);
  if (it == object_.end() || it->is_null()) return nullptr;
  const bool ok = type == ResultJson::value_t::number_float ? it->is_number()
                  : type == ResultJson::value_t::number_unsigned
                      ? it->is_number_integer()
                      : it->type() == type;
  if (!ok)
    fail(key, fmt::format("expected a {}, got {}",
                          type == ResultJson::value_t::number_unsigned ? "whole number"
                                                                       : ResultJson(type).type_name(),
                          it->type_name()));
  return &*it;
}

const ResultJson& FieldReader::required(const char* key, ResultJson::value_t type) const {
  const ResultJson* value = find(key, type);
  if (!value) fail(key, fmt::format("missing (a {} is required)", ResultJson(type).type_name()));
  return *value;
}

std::optional<std::string> FieldReader::text(const char* key) const {
  const ResultJson* v = find(key, ResultJson::value_t::string);
  // Every name and reason read back may reach a terminal: made printable here, once.
  return v ? std::optional(printable(v->get<std::string>())) : std::nullopt;
}

std::string FieldReader::required_text(const char* key) const {
  auto value = text(key);
  if (!value || value->empty()) fail(key, "missing (a non-empty string is required)");
  return *value;
}

std::optional<double> FieldReader::number(const char* key) const {
  const ResultJson* v = find(key, ResultJson::value_t::number_float);
  if (!v) return std::nullopt;
  const double x = v->get<double>();
  if (!std::isfinite(x) || x < 0) fail(key, fmt::format("{} is not a time", x));
  return x;
}

double FieldReader::required_number(const char* key) const {
  auto value = number(key);
  if (!value) fail(key, "missing (a number is required)");
  return *value;
}

std::optional<std::uint64_t> FieldReader::whole(const char* key, std::uint64_t most) const {
  const ResultJson* v = find(key, ResultJson::value_t::number_unsigned);
  if (!v) return std::nullopt;
  if (v->is_number_unsigned() && v->get<std::uint64_t>() <= most) return v->get<std::uint64_t>();
  fail(key, fmt::format("{} is not a whole number from 0 to {}", v->dump(), most));
}

std::uint64_t FieldReader::required_whole(const char* key, std::uint64_t most) const {
  auto value = whole(key, most);
  if (!value) fail(key, "missing (a whole number is required)");
  return *value;
}

bool FieldReader::flag(const char* key) const {
  const ResultJson* v = find(key, ResultJson::value_t::boolean);
  return v && v->get<bool>();
}

bool FieldReader::required_flag(const char* key) const {
  return required(key, ResultJson::value_t::boolean).get<bool>();
}

MechanismSample read_mechanism(const ResultJson& object, const std::string& where,
                               const std::string& path) {
  if (!object.is_object())
    throw ParseError(
        fmt::format("{}: {}: expected an object, got {}", path, where, object.type_name()));
  const FieldReader read(object, where, path);
  MechanismSample m;
  m.cpu_seconds = read.number("cpu_s").value_or(0);
  m.user_seconds = read.number("user_s").value_or(0);
  m.system_seconds = read.number("system_s").value_or(0);
  m.voluntary_switches = read.whole("voluntary_switches").value_or(0);
  m.involuntary_switches = read.whole("involuntary_switches").value_or(0);
  m.minor_faults = read.whole("minor_faults").value_or(0);
  m.major_faults = read.whole("major_faults").value_or(0);
  m.run_delay_seconds = read.number("run_delay_s");
  m.lock_wait_seconds = read.number("lock_wait_s");
  m.io_wait_seconds = read.number("io_wait_s");
  m.traffic_bytes = read.whole("traffic_bytes");
  m.cycles = read.whole("cycles");
  m.instructions = read.whole("instructions");
  m.llc_misses = read.whole("llc_misses");
  m.machine_busy_seconds = read.number("machine_busy_s");
  m.workers_not_counted = read.flag("workers_not_counted");
  return m;
}

}  // namespace concur::report
