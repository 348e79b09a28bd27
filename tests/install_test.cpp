// Installing: `cmake --install` into a temporary prefix gives a binary that
// runs from anywhere, with its man page and completions; `cpack -G DEB`
// gives a .deb holding them, with dependencies computed from the libraries,
// that lintian accepts (no error, no warning) when lintian is installed.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "run_program.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

namespace fs = std::filesystem;
using testing::on_path;
using testing::run_program;
using testing::TempDir;

const char* const kInstalledFiles[] = {
    "bin/concur-bench",
    "share/man/man1/concur-bench.1.gz",
    "share/bash-completion/completions/concur-bench",
    "share/zsh/vendor-completions/_concur-bench",
    "share/fish/vendor_completions.d/concur-bench.fish",
    "share/doc/concur-bench/README.md",
    "share/doc/concur-bench/copyright",
    "share/doc/concur-bench/changelog.Debian.gz",
    "share/doc/concur-bench/docs/measurement.md",  // the README links to docs/
};

// `cpack -G DEB` of the build tree into `out`: the .deb's path ("" on failure,
// with cpack's output in *log).
fs::path pack_deb(const TempDir& out, std::string* log) {
  auto pack = run_program({CONCUR_CPACK, "-G", "DEB", "-B", fs::path(out.path()).string(), "--config",
                           std::string(CONCUR_BUILD_DIR) + "/CPackConfig.cmake"});
  *log = pack.output;
  if (pack.exit_code != 0) return {};
  for (const auto& entry : fs::directory_iterator(fs::path(out.path())))
    if (entry.path().extension() == ".deb") return entry.path();
  return {};
}

TEST(Install, IntoATemporaryPrefixRunsFromAnotherFolder) {
  TempDir prefix("concur-install");
  TempDir elsewhere("concur-elsewhere");
  auto install = run_program({CONCUR_CMAKE, "--install", CONCUR_BUILD_DIR, "--prefix", fs::path(prefix.path()).string()});
  ASSERT_EQ(install.exit_code, 0) << install.output;
  for (const char* file : kInstalledFiles) EXPECT_TRUE(fs::exists(fs::path(prefix.path()) / file)) << file;

  const std::string binary = (fs::path(prefix.path()) / "bin/concur-bench").string();
  auto version = run_program({binary, "--version"}, fs::path(elsewhere.path()));
  ASSERT_EQ(version.exit_code, 0) << version.output;
  EXPECT_NE(version.output.find("concur-bench "), std::string::npos) << version.output;
  EXPECT_NE(version.output.find("commit"), std::string::npos) << version.output;
  auto list = run_program({binary, "list", "--format", "csv"}, fs::path(elsewhere.path()));
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("model,sequential"), std::string::npos) << list.output;
  // It runs a real cell from there, and leaves nothing in the folder.
  auto run = run_program({binary, "math", "--quick", "--workloads", "primes", "--models", "sequential"},
                         fs::path(elsewhere.path()));
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_TRUE(fs::is_empty(fs::path(elsewhere.path())));

  if (on_path("man")) {
    auto man = run_program({"man", "-w", "concur-bench"}, fs::path(elsewhere.path()),
                           {"MANPATH=" + (fs::path(prefix.path()) / "share/man").string()});
    EXPECT_EQ(man.exit_code, 0) << man.output;
    EXPECT_NE(man.output.find(fs::path(prefix.path()).string()), std::string::npos) << man.output;
  }
}

TEST(Install, DebianPackageHoldsBinaryManPageAndCompletions) {
  if (!on_path("dpkg-deb") || !on_path("dpkg-shlibdeps")) GTEST_SKIP() << "dpkg-deb or dpkg-shlibdeps missing";
  TempDir out("concur-deb");
  std::string log;
  const fs::path deb = pack_deb(out, &log);
  ASSERT_FALSE(deb.empty()) << log;

  auto contents = run_program({"dpkg-deb", "--contents", deb.string()});
  ASSERT_EQ(contents.exit_code, 0) << contents.output;
  for (const char* file : kInstalledFiles)
    EXPECT_NE(contents.output.find(std::string("./usr/") + file), std::string::npos) << file << "\n"
                                                                                     << contents.output;
  // Depends comes from dpkg-shlibdeps: the libraries the binary really links.
  auto depends = run_program({"dpkg-deb", "--field", deb.string(), "Depends"});
  ASSERT_EQ(depends.exit_code, 0) << depends.output;
  for (const char* package : {"libc6", "libcurl4", "libbenchmark1debian", "libgomp1"})
    EXPECT_NE(depends.output.find(package), std::string::npos) << package << " in: " << depends.output;

  // The packaged binary runs.
  TempDir root("concur-deb-root");
  ASSERT_EQ(run_program({"dpkg-deb", "--extract", deb.string(), fs::path(root.path()).string()}).exit_code, 0);
  auto version = run_program({(fs::path(root.path()) / "usr/bin/concur-bench").string(), "-V"}, fs::path(root.path()));
  EXPECT_EQ(version.exit_code, 0) << version.output;
}

// What Debian would say: lintian prints no E: (error) and no W: (warning)
// tag; info tags and the overridden false positives (doc/debian/lintian-overrides)
// are allowed. About 4 s: cpack, then lintian.
TEST(Install, DebianPackagePassesLintian) {
  if (!on_path("dpkg-deb") || !on_path("dpkg-shlibdeps")) GTEST_SKIP() << "dpkg-deb or dpkg-shlibdeps missing";
  if (!on_path("lintian")) GTEST_SKIP() << "lintian missing (scripts/setup.sh installs it)";
  TempDir out("concur-deb-lintian");
  std::string log;
  const fs::path deb = pack_deb(out, &log);
  ASSERT_FALSE(deb.empty()) << log;
  auto lintian = run_program({"lintian", deb.string()});
  // lintian's exit code is 0, or 2 when it reports an error tag.
  EXPECT_EQ(lintian.exit_code, 0) << lintian.output;
  std::istringstream lines(lintian.output);
  for (std::string line; std::getline(lines, line);)
    EXPECT_FALSE(line.starts_with("E: ") || line.starts_with("W: ")) << line;

  // The Description lists every model and workload the binary registers
  // (`list --format csv`: kind,name,...), each at the start of a table row.
  auto description = run_program({"dpkg-deb", "--field", deb.string(), "Description"});
  ASSERT_EQ(description.exit_code, 0) << description.output;
  auto list = run_program({CONCUR_BINARY, "list", "--format", "csv"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  std::istringstream rows(list.output);
  int names = 0;
  for (std::string row; std::getline(rows, row);) {
    if (!row.starts_with("model,") && !row.starts_with("workload,")) continue;
    const std::size_t from = row.find(',') + 1;
    const std::string name = row.substr(from, row.find(',', from) - from);
    ++names;
    EXPECT_NE(description.output.find("\n  " + name + " "), std::string::npos) << name << " not in:\n"
                                                                              << description.output;
  }
  EXPECT_GE(names, 20) << list.output;
}

}  // namespace
}  // namespace concur
