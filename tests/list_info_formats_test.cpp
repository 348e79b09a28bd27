// Machine-readable list and info, CSV status tokens, JSON build types.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "concur/version.hpp"
#include "run_binary.hpp"

namespace concur {
namespace {

using nlohmann::json;
using testing::lines_of;
using testing::run_binary;

TEST(ListInfoFormats, ListJsonNamesEveryWorkloadAndModel) {
  auto r = run_binary({"list", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  std::vector<std::string> models;
  for (const auto& m : doc["models"]) {
    models.push_back(m["name"]);
    EXPECT_TRUE(m["available"].is_boolean());
    EXPECT_EQ(m["reason"].is_null(), m["available"].get<bool>()) << m.dump();
  }
  EXPECT_EQ(models.front(), "sequential");
  EXPECT_NE(std::find(models.begin(), models.end(), "openmp"), models.end());
  ASSERT_FALSE(doc["workloads"].empty());
  EXPECT_EQ(doc["workloads"][0]["name"], "primes");
  EXPECT_EQ(doc["workloads"][0]["group"], "math");
}

// The list's descriptions start in one column per section, whatever the
// length of the names (contention_atomic is longer than the old 12 columns).
TEST(ListInfoFormats, ListTableAlignsDescriptionsInEachSection) {
  auto r = run_binary({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(run_binary({"list", "--format", "json"}).out);
  for (const char* section : {"workloads", "models"}) {
    std::set<std::size_t> columns;
    for (const auto& entry : doc[section]) {
      const std::string description = entry["description"];
      for (const std::string& line : lines_of(r.out))
        if (line.starts_with("  " + entry["name"].get<std::string>() + " ") && line.ends_with(description))
          columns.insert(line.size() - description.size());
    }
    EXPECT_EQ(columns.size(), 1u) << section << " descriptions start in " << columns.size() << " columns:\n"
                                  << r.out;
  }
}

TEST(ListInfoFormats, ListCsvHasOneRowPerEntry) {
  auto r = run_binary({"list", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 10u);
  EXPECT_EQ(lines[0], "kind,name,group,available,reason,description");
  EXPECT_TRUE(lines[1].starts_with("workload,primes,math,true,,")) << lines[1];
  EXPECT_NE(r.out.find("\nmodel,sequential,,true,,"), std::string::npos) << r.out;
}

TEST(ListInfoFormats, InfoJsonAndAlignedColumns) {
  auto r = run_binary({"info", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = json::parse(r.out);
  for (const char* key : {"concur_version", "commit", "cpu_model", "logical_cpus", "physical_cores", "caches",
                          "compiler", "build_type", "libraries", "gpu"})
    EXPECT_TRUE(doc.contains(key)) << key;
  EXPECT_TRUE(doc["libraries"].contains("Google Benchmark"));
  EXPECT_TRUE(doc["gpu"]["usable"].is_boolean());

  auto table = run_binary({"info"});
  ASSERT_EQ(table.exit_code, 0);
  // Every value starts in the same column (it did not: "Google Benchmark1.7.1").
  std::size_t value_column = 0;
  for (const std::string& line : lines_of(table.out)) {
    const auto gap = line.find("  ");
    ASSERT_NE(gap, std::string::npos) << line;
    const auto column = line.find_first_not_of(' ', gap);
    if (value_column == 0) value_column = column;
    EXPECT_EQ(column, value_column) << line;
  }
}

TEST(ListInfoFormats, CsvStatusIsATokenNoReaderTakesForMissing) {
  auto r = run_binary({"math", "--quick", "--workloads", "primes", "--models", "sequential,async", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(",not_applicable,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",ok,"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("n/a"), std::string::npos) << r.out;
}

TEST(ListInfoFormats, JsonKeepsGoogleBenchmarksLibraryBuildTypeAndAddsOurs) {
  auto r = run_binary({"math", "--quick", "--workloads", "pi", "--models", "sequential", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json context = json::parse(r.out)["context"];
  const std::string library = context["library_build_type"];
  EXPECT_TRUE(library == "release" || library == "debug") << library;
  std::string ours = build_info::build_type;
  std::transform(ours.begin(), ours.end(), ours.begin(), [](unsigned char c) { return std::tolower(c); });
  EXPECT_EQ(context["concur_build_type"], ours);
}

}  // namespace
}  // namespace concur
