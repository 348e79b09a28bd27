// What every math kernel's device side needs: errors as exceptions, a
// device counter summed by every thread, kernel-only timing by CUDA events.
#pragma once

#include <cuda_runtime.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace concur::math::cuda {

inline void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess)
    throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(status));
}

// Adds `value` of every thread of the warp into `*total` with one atomic.
// All 32 lanes must call it (threads without work pass 0).
__device__ inline void warp_add(unsigned long long value, unsigned long long* total) {
  for (int offset = 16; offset > 0; offset /= 2) value += __shfl_down_sync(0xFFFFFFFFu, value, offset);
  if ((threadIdx.x & 31u) == 0) atomicAdd(total, value);
}

// One 64-bit counter in device memory, zeroed at birth.
class DeviceCounter {
 public:
  DeviceCounter() {
    check(cudaMalloc(&counter_, sizeof *counter_), "cudaMalloc");
    check(cudaMemset(counter_, 0, sizeof *counter_), "cudaMemset");
  }
  ~DeviceCounter() { cudaFree(counter_); }
  DeviceCounter(const DeviceCounter&) = delete;
  DeviceCounter& operator=(const DeviceCounter&) = delete;

  unsigned long long* get() const { return counter_; }
  std::uint64_t read() const {  // waits for the kernels before it
    unsigned long long host = 0;
    check(cudaMemcpy(&host, counter_, sizeof host, cudaMemcpyDeviceToHost), "cudaMemcpy");
    return host;
  }

 private:
  unsigned long long* counter_ = nullptr;
};

// Kernel-only time: events recorded around the launch on the default stream.
class EventTimer {
 public:
  EventTimer() {
    check(cudaEventCreate(&start_), "cudaEventCreate");
    check(cudaEventCreate(&stop_), "cudaEventCreate");
  }
  ~EventTimer() {
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;

  void start() { check(cudaEventRecord(start_), "cudaEventRecord"); }
  void stop() { check(cudaEventRecord(stop_), "cudaEventRecord"); }
  double seconds() const {
    check(cudaEventSynchronize(stop_), "cudaEventSynchronize");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, start_, stop_), "cudaEventElapsedTime");
    return ms / 1e3;
  }

 private:
  cudaEvent_t start_{}, stop_{};
};

inline unsigned blocks_for(std::uint64_t items, unsigned threads) {
  return static_cast<unsigned>((items + threads - 1) / threads);
}

inline std::string launch_shape(unsigned blocks, unsigned threads) {
  return std::to_string(blocks) + "x" + std::to_string(threads);
}

// Launches `kernel` on a fresh counter and returns the counter's total with
// the timings: what run_on_device() hands back.
template <typename Launch>
CudaRun run_counting(std::uint64_t items, unsigned blocks, unsigned threads, Launch&& launch) {
  DeviceCounter total;
  EventTimer timer;
  timer.start();
  launch(total.get());
  check(cudaGetLastError(), "kernel launch");
  timer.stop();
  CudaRun run;
  run.total.value = total.read();
  run.total.items = items;
  run.kernel_seconds = timer.seconds();
  run.launch_shape = launch_shape(blocks, threads);
  return run;
}

}  // namespace concur::math::cuda
