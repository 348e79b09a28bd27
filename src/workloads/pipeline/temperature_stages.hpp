// The four stages of the reactive example over a stream of readings:
//   read    (stage 0) the next reading, as text, stamped with the time
//   parse   text -> sensor, cycle, temperature
//   smooth  per sensor: mean of its last kSmoothingWindow readings
//   detect  per zone: the mean of its sensors' smoothed values crosses
//           above kAlertAbove (and re-arms under kClearBelow)
//   alert   raise it: count it, hash its identity, record its latency
// A run covers the whole data centre, or one shard of its zones (the task
// form). Each stage's state is its own: one thread or process per stage
// needs no locks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "concur/workload.hpp"
#include "workloads/pipeline/latency_histogram.hpp"
#include "workloads/pipeline/readings.hpp"

namespace concur::pipeline {

enum Stage : std::size_t { kRead, kParse, kSmooth, kDetect, kAlert, kStageCount };

class TemperatureStages final : public PipelineStages {
 public:
  // shard: only zones with zone % shards == shard; nullopt: every zone.
  TemperatureStages(std::uint64_t seed, std::uint32_t cycles, std::optional<std::uint32_t> shard,
                    std::uint32_t shards, LatencyHistogram* latencies);

  std::size_t stage_count() const override { return kStageCount; }
  std::string stage_name(std::size_t stage) const override;
  bool read(PipelineEvent& event) override;
  void process(std::size_t stage, PipelineEvent& event) override;
  bool stateless(std::size_t stage) const override { return stage == kParse; }  // text in, numbers out
  TaskResult finish() override;

 private:
  void parse(PipelineEvent& event);
  void smooth(PipelineEvent& event);
  void detect(PipelineEvent& event);
  void alert(PipelineEvent& event);

  // read
  std::uint64_t seed_;
  std::uint32_t cycles_;
  std::vector<std::uint32_t> sensors_;  // polled in this order every cycle
  std::uint32_t cycle_ = 0;
  std::size_t next_sensor_ = 0;
  // smooth
  struct Window {
    std::array<std::int32_t, kSmoothingWindow> last{};
    std::uint32_t seen = 0;
    std::int32_t sum = 0;
  };
  std::array<Window, kSensors> windows_{};
  // detect
  struct Zone {
    std::array<std::int32_t, kSensorsPerZone> smoothed{};
    std::uint32_t reported = 0;  // bit per sensor that has a smoothed value
    std::int64_t sum = 0;
    bool over = false;
  };
  std::array<Zone, kZones> zones_{};
  // alert
  std::uint64_t readings_ = 0, alerts_ = 0, alert_hashes_ = 0, unparsed_ = 0;
  ReadingText first_unparsed_{};
  LatencyHistogram* latencies_;
};

// The answer a run over `readings` readings with these alerts adds up to.
TaskResult pipeline_answer(std::uint64_t readings, std::uint64_t alerts, std::uint64_t alert_hashes);

}  // namespace concur::pipeline
