// Decisions come from traits (WorkloadTraits, ModelInfo), never from a
// name: no source under src/ or include/ compares anything with a model's,
// a workload's or a group's name written as a literal (`group == "io"`,
// `"threads" != model`). The names are the registry's own, so a new plug-in
// is covered the day it is registered.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex.h>

#include <stdexcept>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "concur/registry.hpp"

namespace fs = std::filesystem;

namespace concur {
namespace {

std::vector<std::string> plugin_and_group_names() {
  std::set<std::string> names;
  for (const auto& m : model_registry()) names.emplace(m.name);
  for (const auto& w : workload_registry()) names.emplace(w.name);
  for (Bound bound : kBounds) names.emplace(group_name(bound));
  return {names.begin(), names.end()};
}

// A name literal on either side of == or !=, or handed to compare(). POSIX
// <regex.h>, not std::regex: GCC 12's <regex> trips -Wmaybe-uninitialized in
// the sanitizer presets.
class NamePattern {
 public:
  NamePattern() {
    std::string alternatives;
    for (const auto& name : plugin_and_group_names()) alternatives += (alternatives.empty() ? "" : "|") + name;
    const std::string literal = "\"(" + alternatives + ")\"";
    const std::string pattern = "(==|!=)[[:space:]]*" + literal + "|" + literal +
                                "[[:space:]]*(==|!=)|compare\\([[:space:]]*" + literal;
    if (::regcomp(&regex_, pattern.c_str(), REG_EXTENDED | REG_NOSUB) != 0) throw std::runtime_error("bad pattern");
  }
  ~NamePattern() { ::regfree(&regex_); }
  NamePattern(const NamePattern&) = delete;
  NamePattern& operator=(const NamePattern&) = delete;
  bool found_in(const std::string& line) const { return ::regexec(&regex_, line.c_str(), 0, nullptr, 0) == 0; }

 private:
  regex_t regex_{};
};

// "file:line: text" for each offending line of `text`; comment lines are prose.
std::vector<std::string> name_comparisons(const std::string& file, const std::string& text) {
  static const NamePattern pattern;
  std::vector<std::string> found;
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    const auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;
    if (pattern.found_in(line)) found.push_back(file + ":" + std::to_string(number) + ": " + line);
  }
  return found;
}

// Where a name comparison is still allowed, and why. Each must still hold
// one (a stale exemption fails), and nothing else may.
struct Exemption {
  std::string prefix;  // relative to the source tree
  std::string why;
};
const std::vector<Exemption>& exemptions() {
  static const std::vector<Exemption> list{
      {"src/course/",
       "the course is a script about particular models: its plans pick sequential, threads, gil... "
       "by name and its text describes the model it measured"},
      {"src/report/svg.cpp", "the chart's 'against sequential' label; the file belongs to the svg work"},
  };
  return list;
}

std::string source_text(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;  // (istreambuf_iterator trips GCC 12's -Wnull-dereference at -O3)
  text << in.rdbuf();
  return text.str();
}

TEST(PluginNamesLint, TheDetectorFindsAComparisonWithANameAndNothingElse) {
  // Fires: a group, a model, on either side, string_view::compare.
  EXPECT_EQ(name_comparisons("a.cpp", "  r.cpu_bound = group != \"io\";\n").size(), 1u);
  EXPECT_EQ(name_comparisons("a.cpp", "if (group == \"io\") return;\n").size(), 1u);
  EXPECT_EQ(name_comparisons("a.cpp", "if (\"threads\" == c.model) x();\n").size(), 1u);
  EXPECT_EQ(name_comparisons("a.cpp", "return model==\"pool\";\n").size(), 1u);
  EXPECT_EQ(name_comparisons("a.cpp", "if (w.group == \"reactive\") x();\n").size(), 1u);
  EXPECT_EQ(name_comparisons("a.cpp", "if (name.compare(\"primes\") == 0) x();\n").size(), 1u);
  EXPECT_EQ(name_comparisons("x.cpp", "int a;\nif (g == \"math\") b();\n").front(), "x.cpp:2: if (g == \"math\") b();");
  // Silent: names as data, comparisons of two variables, other literals, prose.
  EXPECT_TRUE(name_comparisons("a.cpp", "{\"threads\", 1},\n").empty());
  EXPECT_TRUE(name_comparisons("a.cpp", "ModelInfo info_{.name = \"pool\"};\n").empty());
  EXPECT_TRUE(name_comparisons("a.cpp", "return e.name == name;\n").empty());
  EXPECT_TRUE(name_comparisons("a.cpp", "if (flags.format == \"table\") x();\n").empty());
  EXPECT_TRUE(name_comparisons("a.cpp", "if (placeholder == \"threadsafe\") x();\n").empty());
  EXPECT_TRUE(name_comparisons("a.cpp", "  // once decided by group == \"io\"\n").empty());
}

TEST(PluginNamesLint, NoSourceComparesWithAModelWorkloadOrGroupName) {
  const fs::path root(CONCUR_SOURCE_DIR);
  std::vector<std::string> offending;
  std::set<std::string> exemptions_used;
  std::size_t files = 0;
  for (const char* top : {"src", "include"})
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      static const std::set<std::string> code{".cpp", ".hpp", ".h", ".cu", ".inc"};
      if (!entry.is_regular_file() || !code.count(entry.path().extension().string())) continue;
      ++files;
      const std::string relative = fs::relative(entry.path(), root).generic_string();
      const auto found = name_comparisons(relative, source_text(entry.path()));
      if (found.empty()) continue;
      const auto exempt = std::find_if(exemptions().begin(), exemptions().end(),
                                       [&](const Exemption& e) { return relative.starts_with(e.prefix); });
      if (exempt != exemptions().end()) {
        exemptions_used.insert(exempt->prefix);
        continue;
      }
      offending.insert(offending.end(), found.begin(), found.end());
    }
  EXPECT_GT(files, 100u) << "read the sources under " << root;
  std::string report;
  for (const auto& line : offending) report += "  " + line + "\n";
  EXPECT_TRUE(offending.empty()) << "decide on a trait (WorkloadTraits, ModelInfo) or ask the registry, "
                                    "not on a name:\n"
                                 << report;
  for (const auto& e : exemptions())
    EXPECT_TRUE(exemptions_used.count(e.prefix)) << e.prefix << " no longer compares a name: drop its exemption";
}

}  // namespace
}  // namespace concur
