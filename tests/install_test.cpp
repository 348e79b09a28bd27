// Installing: `cmake --install` into a temporary prefix gives a binary that
// runs from anywhere, with its man page and completions; `cpack -G DEB`
// gives a .deb holding them, with dependencies computed from the libraries.
#include <gtest/gtest.h>

#include <filesystem>

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
    "share/man/man1/concur-bench.1",
    "share/bash-completion/completions/concur-bench",
    "share/zsh/vendor-completions/_concur-bench",
    "share/fish/vendor_completions.d/concur-bench.fish",
    "share/doc/concur-bench/README.md",
    "share/doc/concur-bench/LICENSE",
};

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
  auto pack = run_program({CONCUR_CPACK, "-G", "DEB", "-B", fs::path(out.path()).string(), "--config",
                           std::string(CONCUR_BUILD_DIR) + "/CPackConfig.cmake"});
  ASSERT_EQ(pack.exit_code, 0) << pack.output;
  fs::path deb;
  for (const auto& entry : fs::directory_iterator(fs::path(out.path())))
    if (entry.path().extension() == ".deb") deb = entry.path();
  ASSERT_FALSE(deb.empty()) << pack.output;

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

}  // namespace
}  // namespace concur
