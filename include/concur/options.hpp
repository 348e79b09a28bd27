// Settings given on the command line that shape workloads and models: the
// few that many plug-ins read, here, and each plug-in's own in a struct that
// plug-in declares (DownloadOptions, GilOptions, ...), held in `plugins`.
#pragma once

#include <any>
#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <typeinfo>
#include <vector>

namespace concur {

// A plug-in's own settings: a copyable struct with a default for every
// field and a `key` naming it. One that a worker process elsewhere must
// rebuild (the download workload, on mpi's ranks) also has
//   std::string encode() const;  static T decode(std::string_view);
template <typename T>
concept PluginSettings = std::copyable<T> && std::default_initializable<T> && requires {
  { T::key } -> std::convertible_to<std::string_view>;
};
template <typename T>
concept TravellingSettings = PluginSettings<T> && requires(const T& settings, std::string_view text) {
  { settings.encode() } -> std::same_as<std::string>;
  { T::decode(text) } -> std::same_as<T>;
};

// Each plug-in's settings, found by type. The plug-in's describe function
// binds its flags to get<T>(); its make function reads get<T>() const,
// which gives T's defaults when nobody set them. Copies are deep (a Plan
// copies the command's).
class PluginOptions {
 public:
  template <PluginSettings T>
  T& get() {
    auto [at, fresh] = settings_.try_emplace(std::type_index(typeid(T)));
    if (fresh) {
      at->second.value = get_from_encoded<T>();
      at->second.key = T::key;
      if constexpr (TravellingSettings<T>)
        at->second.encode = [](const std::any& s) { return std::any_cast<const T&>(s).encode(); };
    }
    return std::any_cast<T&>(at->second.value);
  }

  template <PluginSettings T>
  T get() const {
    const auto at = settings_.find(std::type_index(typeid(T)));
    return at == settings_.end() ? get_from_encoded<T>() : std::any_cast<const T&>(at->second.value);
  }

  // key -> encode(): the settings that travel, for a worker elsewhere.
  std::map<std::string, std::string> encoded() const {
    std::map<std::string, std::string> out;
    for (const auto& [type, entry] : settings_)
      if (entry.encode) out.emplace(entry.key, entry.encode(entry.value));
    return out;
  }
  // On that worker: get<T>() decodes T from what encoded() gave for T::key.
  void set_encoded(std::map<std::string, std::string> encoded) { encoded_ = std::move(encoded); }

 private:
  struct Entry {
    std::any value;
    std::string key;
    std::string (*encode)(const std::any&) = nullptr;
  };

  template <PluginSettings T>
  T get_from_encoded() const {
    if constexpr (TravellingSettings<T>)
      if (const auto at = encoded_.find(std::string(T::key)); at != encoded_.end()) return T::decode(at->second);
    return T{};
  }

  std::map<std::type_index, Entry> settings_;
  std::map<std::string, std::string> encoded_;
};

struct Options {
  bool quick = false;        // small sizes: smoke tests and CI
  std::uint64_t seed = 42;   // for every seeded input (factorise, images)
  bool pin = false;          // --pin: each worker on a CPU of its own
  // Every workload's problem size (WorkloadTraits::size_meaning says what it is).
  std::optional<std::uint64_t> size;

  PluginOptions plugins;  // download's, mandelbrot's, gil's, mpi's own
};

}  // namespace concur
