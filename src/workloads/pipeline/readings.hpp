// The data centre of the course's reactive example: kSensors thermometers in
// kZones zones, polled round-robin, one reading per sensor per cycle. A
// reading's temperature is a pure function of (seed, cycle, sensor), so any
// stage, any shard and the gold pass agree on it. Temperatures are integer
// hundredths of a degree: all arithmetic downstream is exact.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "workloads/math/kernels.hpp"

namespace concur::pipeline {

inline constexpr std::uint32_t kSensors = 256;
inline constexpr std::uint32_t kSensorsPerZone = 8;
inline constexpr std::uint32_t kZones = kSensors / kSensorsPerZone;
inline constexpr std::uint32_t kSmoothingWindow = 4;       // readings per sensor
inline constexpr std::int32_t kAlertAbove = 2700;          // zone mean over 27.00 C
inline constexpr std::int32_t kClearBelow = 2600;          // and back under 26.00 C
inline constexpr std::uint32_t kCyclesPerWeatherBlock = 8;

inline std::uint32_t zone_of(std::uint32_t sensor) { return sensor / kSensorsPerZone; }

// 22 C +- 1.5 C of noise, plus 6 C while the zone's cooling is failing (one
// block of cycles in six, drawn per zone).
inline std::int32_t temperature_centi(std::uint64_t seed, std::uint32_t cycle, std::uint32_t sensor) {
  const std::uint64_t index = std::uint64_t{cycle} * kSensors + sensor;
  const auto noise = static_cast<std::int32_t>(math::splitmix64(seed, index) % 301) - 150;
  const std::uint64_t block = std::uint64_t{zone_of(sensor)} << 32 | (cycle / kCyclesPerWeatherBlock);
  const bool hot = math::splitmix64(seed ^ 0xC001'0FFull, block) % 6 == 0;
  return 2200 + noise + (hot ? 600 : 0);
}

// What an alert adds to the answer: an order-independent hash of its
// identity (zone, cycle), summed with wrapping, plus a count (in the caller).
inline std::uint64_t alert_hash(std::uint32_t zone, std::uint32_t cycle) {
  return math::splitmix64(0x5EED, std::uint64_t{zone} << 32 | cycle);
}

// The wire form of a reading, as a thermometer would send it:
// "S0042,000123,23.75" (sensor, cycle, degrees with two decimals).
struct ReadingText {
  char bytes[24];
};

inline ReadingText format_reading(std::uint32_t sensor, std::uint32_t cycle, std::int32_t centi) {
  ReadingText t{};
  char* p = t.bytes;
  char* end = t.bytes + sizeof t.bytes - 1;
  auto pad = [&](std::uint32_t v, int width) {
    char digits[12];
    auto r = std::to_chars(digits, digits + sizeof digits, v);
    for (auto n = r.ptr - digits; n < width; ++n) *p++ = '0';
    p = std::copy(digits, r.ptr, p);
  };
  *p++ = 'S';
  pad(sensor, 4);
  *p++ = ',';
  pad(cycle, 6);
  *p++ = ',';
  p = std::to_chars(p, end, centi / 100).ptr;
  *p++ = '.';
  pad(static_cast<std::uint32_t>(centi % 100), 2);
  return t;
}

struct ParsedReading {
  std::uint32_t sensor = 0, cycle = 0;
  std::int32_t centi = 0;
};

// Strict: any malformed field is nullopt (the parse stage fails the run).
inline std::optional<ParsedReading> parse_reading(const ReadingText& t) {
  const char* p = t.bytes;
  const char* end = t.bytes + ::strnlen(t.bytes, sizeof t.bytes);
  ParsedReading r;
  std::int32_t whole = 0, hundredths = 0;
  if (p == end || *p++ != 'S') return std::nullopt;
  auto field = [&](auto& value, char stop) {
    auto res = std::from_chars(p, end, value);
    if (res.ec != std::errc{} || res.ptr == end || *res.ptr != stop) return false;
    p = res.ptr + 1;
    return true;
  };
  if (!field(r.sensor, ',') || !field(r.cycle, ',') || !field(whole, '.')) return std::nullopt;
  auto res = std::from_chars(p, end, hundredths);
  if (res.ec != std::errc{} || res.ptr != end || end - p != 2 || r.sensor >= kSensors) return std::nullopt;
  r.centi = whole * 100 + hundredths;
  return r;
}

}  // namespace concur::pipeline
