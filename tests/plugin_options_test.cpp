// Each plug-in owns its settings (Options::plugins): its flags bind to them,
// its make function reads them, copies are deep, and the ones that shape a
// workload travel to a worker that knows none of their types.
#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <utility>

#include "concur/registry.hpp"
#include "models/gil_options.hpp"
#include "workloads/download/download_options.hpp"
#include "workloads/math/mandelbrot_options.hpp"

namespace concur {
namespace {

TEST(PluginOptions, UnsetSettingsAreThePluginsDefaults) {
  const Options options;
  EXPECT_EQ(options.plugins.get<DownloadOptions>().images, DownloadOptions{}.images);
  EXPECT_DOUBLE_EQ(options.plugins.get<GilOptions>().switch_interval_ms, 5);
  EXPECT_TRUE(options.plugins.get<MandelbrotOptions>().png_path.empty());
  EXPECT_TRUE(options.plugins.encoded().empty());
}

TEST(PluginOptions, FlagsBindToThePluginsOwnStructAndCopiesAreDeep) {
  CLI::App command;
  Options options;
  for (const auto& entry : workload_registry())
    if (auto t = traits_of(entry.describe); t.add_flags) t.add_flags(command, options);
  for (const auto& entry : model_registry())
    if (auto t = traits_of(entry.describe); t.add_flags) t.add_flags(command, options);
  command.parse("--images 7 --latency 3 --png p.png --switch-interval 0.5 --max-size 2K", false);
  const Options copy = options;
  EXPECT_EQ(copy.plugins.get<DownloadOptions>().images, 7u);
  EXPECT_DOUBLE_EQ(copy.plugins.get<DownloadOptions>().latency_ms, 3);
  EXPECT_EQ(copy.plugins.get<DownloadOptions>().max_bytes, 2048u);
  EXPECT_EQ(copy.plugins.get<MandelbrotOptions>().png_path, "p.png");
  EXPECT_DOUBLE_EQ(copy.plugins.get<GilOptions>().switch_interval_ms, 0.5);
  options.plugins.get<DownloadOptions>().images = 9;  // the copy keeps its own
  EXPECT_EQ(copy.plugins.get<DownloadOptions>().images, 7u);
}

TEST(PluginOptions, OnlySettingsThatShapeAWorkloadTravelAndTheyArriveWhole) {
  Options coordinator;
  DownloadOptions& download = coordinator.plugins.get<DownloadOptions>();
  download.images = 3;
  download.latency_ms = 12.5;
  download.url = "http://127.0.0.1:1/x.jpg";
  download.timeout_s = 2;
  download.retries = 4;
  download.keep_dir = "/tmp/kept";
  download.max_bytes = 1234;
  coordinator.plugins.get<GilOptions>().switch_interval_ms = 1;  // the model's: stays here
  coordinator.plugins.get<MandelbrotOptions>().png_path = "x.png";  // written here only

  const auto encoded = coordinator.plugins.encoded();
  ASSERT_EQ(encoded.size(), 1u);
  EXPECT_EQ(encoded.begin()->first, DownloadOptions::key);

  Options worker;
  worker.plugins.set_encoded(encoded);
  const DownloadOptions arrived = std::as_const(worker).plugins.get<DownloadOptions>();
  EXPECT_EQ(arrived.images, 3u);
  EXPECT_DOUBLE_EQ(arrived.latency_ms, 12.5);
  EXPECT_EQ(arrived.url, "http://127.0.0.1:1/x.jpg");
  EXPECT_DOUBLE_EQ(arrived.timeout_s, 2);
  EXPECT_EQ(arrived.retries, 4u);
  EXPECT_TRUE(arrived.keep_dir.empty()) << "--keep is the coordinator's folder: a rank keeps nothing there";
  EXPECT_EQ(arrived.max_bytes, 1234u);
  EXPECT_EQ(worker.plugins.get<DownloadOptions>().images, 3u);  // also when bound there
  EXPECT_TRUE(std::as_const(worker).plugins.get<MandelbrotOptions>().png_path.empty());
}

}  // namespace
}  // namespace concur
