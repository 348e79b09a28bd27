#include "workloads/pipeline/temperature_stages.hpp"

#include <chrono>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace concur::pipeline {
namespace {

// The workload's record inside PipelineEvent::data.
struct Record {
  ReadingText text;
  std::uint32_t sensor = 0, cycle = 0;
  std::int32_t centi = 0, smoothed = 0;
  bool alert = false;
};
static_assert(sizeof(Record) <= sizeof(PipelineEvent::data));
static_assert(std::is_trivially_copyable_v<Record>);

Record load(const PipelineEvent& e) {
  Record r;
  std::memcpy(&r, e.data.data(), sizeof r);
  return r;
}
void store(PipelineEvent& e, const Record& r) { std::memcpy(e.data.data(), &r, sizeof r); }

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TaskResult pipeline_answer(std::uint64_t readings, std::uint64_t alerts, std::uint64_t alert_hashes) {
  TaskResult r;
  r.value = alert_hashes + alerts * math::kGoldenGamma;  // a lost and an extra alert both show
  r.items = readings;
  return r;
}

TemperatureStages::TemperatureStages(std::uint64_t seed, std::uint32_t cycles,
                                     std::optional<std::uint32_t> shard, std::uint32_t shards,
                                     LatencyHistogram* latencies)
    : seed_(seed), cycles_(cycles), latencies_(latencies) {
  for (std::uint32_t s = 0; s < kSensors; ++s)
    if (!shard || zone_of(s) % shards == *shard) sensors_.push_back(s);
}

std::string TemperatureStages::stage_name(std::size_t stage) const {
  static constexpr const char* kNames[] = {"read", "parse", "smooth", "detect", "alert"};
  return stage < kStageCount ? kNames[stage] : "?";
}

bool TemperatureStages::read(PipelineEvent& event) {
  if (sensors_.empty() || cycle_ >= cycles_) return false;
  const std::uint32_t sensor = sensors_[next_sensor_];
  Record r;
  r.text = format_reading(sensor, cycle_, temperature_centi(seed_, cycle_, sensor));
  event.read_ns = now_ns();
  store(event, r);
  if (++next_sensor_ == sensors_.size()) next_sensor_ = 0, ++cycle_;
  return true;
}

void TemperatureStages::process(std::size_t stage, PipelineEvent& event) {
  switch (stage) {
    case kParse: return parse(event);
    case kSmooth: return smooth(event);
    case kDetect: return detect(event);
    case kAlert: return alert(event);
    default: throw std::logic_error(fmt::format("pipeline: no stage {}", stage));
  }
}

void TemperatureStages::parse(PipelineEvent& event) {
  Record r = load(event);
  auto parsed = parse_reading(r.text);
  if (!parsed) {
    // Marked, not thrown: the stage may run in a thread or child with no one
    // to throw to. The alert stage counts it and fails the run.
    r.sensor = kSensors;
  } else {
    r.sensor = parsed->sensor, r.cycle = parsed->cycle, r.centi = parsed->centi;
  }
  store(event, r);
}

void TemperatureStages::smooth(PipelineEvent& event) {
  Record r = load(event);
  if (r.sensor >= kSensors) return;
  Window& w = windows_[r.sensor];
  const std::uint32_t slot = w.seen % kSmoothingWindow;
  if (w.seen >= kSmoothingWindow) w.sum -= w.last[slot];
  w.last[slot] = r.centi;
  w.sum += r.centi;
  ++w.seen;
  r.smoothed = w.sum / static_cast<std::int32_t>(std::min(w.seen, kSmoothingWindow));
  store(event, r);
}

void TemperatureStages::detect(PipelineEvent& event) {
  Record r = load(event);
  if (r.sensor >= kSensors) return;
  Zone& z = zones_[zone_of(r.sensor)];
  const std::uint32_t k = r.sensor % kSensorsPerZone;
  if (z.reported & (1u << k)) z.sum -= z.smoothed[k];
  z.reported |= 1u << k;
  z.smoothed[k] = r.smoothed;
  z.sum += r.smoothed;
  if (z.reported != (1u << kSensorsPerZone) - 1) return;  // not every sensor heard from yet
  if (!z.over && z.sum > std::int64_t{kAlertAbove} * kSensorsPerZone) {
    z.over = true;
    r.alert = true;
    store(event, r);
  } else if (z.over && z.sum < std::int64_t{kClearBelow} * kSensorsPerZone) {
    z.over = false;
  }
}

void TemperatureStages::alert(PipelineEvent& event) {
  const Record r = load(event);
  ++readings_;
  if (r.sensor >= kSensors && unparsed_++ == 0) first_unparsed_ = r.text;
  if (!r.alert) return;
  ++alerts_;
  alert_hashes_ += alert_hash(zone_of(r.sensor), r.cycle);
  if (latencies_) latencies_->record(now_ns() - event.read_ns);
}

TaskResult TemperatureStages::finish() {
  if (unparsed_ > 0)
    return TaskResult::failure(fmt::format("{} readings could not be parsed, the first '{:.{}}'", unparsed_,
                                           first_unparsed_.bytes, sizeof first_unparsed_.bytes));
  return pipeline_answer(readings_, alerts_, alert_hashes_);
}

}  // namespace concur::pipeline
