// pipeline: the course's reactive example. Thermometers all over a data
// centre send readings; a chain of stages parses them, smooths each sensor,
// watches each zone's mean and raises an alert when a zone runs hot (see
// temperature_stages.hpp). Throughput is readings per second; the latency
// from a reading to the alert it raised (median and p99) is reported beside.
//
// Two forms. Models that run stages concurrently ask for the pipeline
// capability and get one run over the whole stream (threads: a thread per
// stage with bounded queues; processes: a process per stage with pipes; tbb:
// parallel_pipeline, a filter per stage, parse parallel).
// Every other model runs the task form: one task per shard of the zones, each
// a plain loop of read -> parse -> smooth -> detect -> alert (zones are
// independent, so the alerts are the same).
//
// Verified by the exact alert list: its count and an order-independent hash
// of every alert's (zone, cycle), against a gold pass that replays the rules
// on the numbers directly (no text, no stages) when the workload is built.
#include <memory>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/options.hpp"
#include "concur/workload.hpp"
#include "workloads/math/slices.hpp"
#include "workloads/pipeline/temperature_stages.hpp"
#include "workloads/shared_mapping.hpp"

namespace concur {
namespace {

using namespace pipeline;

constexpr std::uint64_t kDefaultReadings = 300'000;
constexpr std::uint64_t kQuickReadings = 40'000;
constexpr std::uint64_t kMinReadings = std::uint64_t{kSensors} * kCyclesPerWeatherBlock;
constexpr std::uint64_t kMaxReadings = std::uint64_t{kSensors} * 0xFFFF'FFFFull;
constexpr std::uint32_t kShards = 8;

struct Gold {
  std::uint64_t alerts = 0;
  TaskResult answer;
};

// The rules of the stages, replayed on integers in one loop.
Gold replay(std::uint64_t seed, std::uint32_t cycles) {
  std::array<std::array<std::int32_t, kSmoothingWindow>, kSensors> last{};
  std::array<std::array<std::int32_t, kSensorsPerZone>, kZones> smoothed{};
  std::array<bool, kZones> over{};
  std::uint64_t hashes = 0;
  Gold gold;
  for (std::uint32_t cycle = 0; cycle < cycles; ++cycle) {
    for (std::uint32_t s = 0; s < kSensors; ++s) {
      last[s][cycle % kSmoothingWindow] = temperature_centi(seed, cycle, s);
      const std::uint32_t n = std::min(cycle + 1, kSmoothingWindow);
      std::int32_t sum = 0;
      for (std::uint32_t k = 0; k < n; ++k) sum += last[s][k];
      const std::uint32_t zone = zone_of(s);
      smoothed[zone][s % kSensorsPerZone] = sum / static_cast<std::int32_t>(n);
      if (cycle == 0 && s % kSensorsPerZone != kSensorsPerZone - 1) continue;  // zone not complete
      std::int64_t zone_sum = 0;
      for (auto v : smoothed[zone]) zone_sum += v;
      if (!over[zone] && zone_sum > std::int64_t{kAlertAbove} * kSensorsPerZone) {
        over[zone] = true;
        ++gold.alerts;
        hashes += alert_hash(zone, cycle);
      } else if (over[zone] && zone_sum < std::int64_t{kClearBelow} * kSensorsPerZone) {
        over[zone] = false;
      }
    }
  }
  gold.answer = pipeline_answer(std::uint64_t{cycles} * kSensors, gold.alerts, hashes);
  return gold;
}

class PipelineWorkload final : public Workload, public PipelineCapability {
 public:
  PipelineWorkload(std::uint64_t seed, std::uint32_t cycles)
      : seed_(seed), cycles_(cycles), gold_(replay(seed, cycles)),
        memory_(sizeof(LatencyHistogram)), latencies_(new (memory_.data()) LatencyHistogram) {}
  ~PipelineWorkload() override { latencies_->~LatencyHistogram(); }
  PipelineWorkload(const PipelineWorkload&) = delete;
  PipelineWorkload& operator=(const PipelineWorkload&) = delete;

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return kShards; }
  std::uint64_t items() const override { return std::uint64_t{cycles_} * kSensors; }

  void before_run() override { latencies_->clear(); }

  TaskResult run_task(std::size_t index, TaskContext& context) const override {
    TemperatureStages stages(seed_, cycles_, static_cast<std::uint32_t>(index), kShards, latencies_);
    PipelineEvent event;
    for (std::uint64_t n = 1; stages.read(event); ++n) {
      for (std::size_t stage = 1; stage < stages.stage_count(); ++stage) stages.process(stage, event);
      if (n % 256 == 0) context.checkpoint();
    }
    return stages.finish();
  }

  Verdict verify(const Answer& answer) const override {
    if (answer.items != items()) return Verdict::fail(fmt_mismatch("readings through the alert stage", items(), answer.items));
    if (answer.value != gold_.answer.value)
      return Verdict::fail(fmt::format("the alerts differ from the {} expected (count-weighted hash {:#x}, got {:#x})",
                                       gold_.alerts, gold_.answer.value, answer.value));
    return Verdict::pass();
  }

  std::vector<Figure> last_run_figures() const override {
    if (latencies_->count() == 0) return {};
    return {{"latency_p50", "s", latencies_->quantile_seconds(0.5)},
            {"latency_p99", "s", latencies_->quantile_seconds(0.99)}};
  }

  const PipelineCapability* pipeline() const override { return this; }
  std::unique_ptr<PipelineStages> open() const override {
    return std::make_unique<TemperatureStages>(seed_, cycles_, std::nullopt, kShards, latencies_);
  }

 private:
  WorkloadInfo info_ = declared_workload_info("pipeline", "readings");
  std::uint64_t seed_;
  std::uint32_t cycles_;
  Gold gold_;
  SharedMapping memory_;  // the histogram: sinks in forked children record here too
  LatencyHistogram* latencies_;
};

}  // namespace

std::unique_ptr<Workload> make_pipeline_workload(const Options& options) {
  const std::uint64_t readings = options.size.value_or(options.quick ? kQuickReadings : kDefaultReadings);
  if (readings < kMinReadings || readings > kMaxReadings)
    throw UsageError(fmt::format("pipeline: --size (readings, rounded down to whole cycles of {} sensors) must be {} to {}, got {}",
                                 kSensors, kMinReadings, kMaxReadings, readings));
  return std::make_unique<PipelineWorkload>(options.seed, static_cast<std::uint32_t>(readings / kSensors));
}

}  // namespace concur
