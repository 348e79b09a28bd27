// What compare's reader and show's reader share: reading a result file the
// user named (bounded, folders refused), parsing it as JSON with a depth
// limit, and checked access to an object's fields, so every problem becomes
// a ParseError naming the file, the place and what was expected.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "concur/result.hpp"
#include "report/compare.hpp"

namespace concur::report {

// Ordered: a file's objects (libraries, figures) read back in the order written.
using ResultJson = nlohmann::ordered_json;

// The file's text. Throws ParseError for a folder, a missing or unreadable
// file, or one larger than a result file can be.
std::string read_result_text(const std::string& path);

// `text` as JSON. Throws ParseError ("<path>: not valid JSON: ...") for
// anything else, or for nesting deeper than a result file has.
ResultJson parse_result_json(std::string_view text, const std::string& path);

// The fields of one JSON object, each checked for its type on access.
// Absent and null read the same: as nothing.
class FieldReader {
 public:
  // `where` names the object in messages: "benchmarks[3]", "context".
  FieldReader(const ResultJson& object, std::string where, const std::string& path)
      : object_(object), where_(std::move(where)), path_(path) {}

  [[noreturn]] void fail(std::string_view key, std::string_view what) const;
  // The field when present, not null and of `type` (any number for
  // number_float); fails on another type.
  const ResultJson* find(const char* key, ResultJson::value_t type) const;
  const ResultJson& required(const char* key, ResultJson::value_t type) const;

  std::optional<std::string> text(const char* key) const;
  std::string required_text(const char* key) const;  // non-empty
  // A finite number, not negative (a time, a count of CPUs, a load).
  std::optional<double> number(const char* key) const;
  double required_number(const char* key) const;
  // A whole number in [0, most].
  std::optional<std::uint64_t> whole(const char* key, std::uint64_t most = UINT64_MAX) const;
  std::uint64_t required_whole(const char* key, std::uint64_t most = UINT64_MAX) const;
  bool flag(const char* key) const;  // absent: false
  bool required_flag(const char* key) const;

  const std::string& where() const { return where_; }
  const std::string& path() const { return path_; }

 private:
  const ResultJson& object_;
  std::string where_;
  const std::string& path_;
};

// An iteration entry's "mechanism" object (json.cpp's names). Absent
// figures are "not measured"; present ones must have their type.
MechanismSample read_mechanism(const ResultJson& object, const std::string& where,
                               const std::string& path);

}  // namespace concur::report
