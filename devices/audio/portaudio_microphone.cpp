#include "devices/audio/portaudio_microphone.h"

#include <alsa/asoundlib.h>
#include <cstdarg>
#include <portaudio.h>
#include <time.h>

namespace kiosk::devices {
namespace {

std::int64_t monotonic_ns() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return std::int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

// alsa-lib prints every device it probes and cannot open (dozens of lines at Pa_Initialize); errors that matter
// come back to us through PortAudio's return codes, so its printing is silenced.
void quiet_alsa(const char*, int, const char*, int, const char*, ...) {}

Expected<void> initialize() {
  snd_lib_error_set_handler(quiet_alsa);
  if (const PaError error = Pa_Initialize(); error != paNoError) {
    return Error(std::string("microphone: PortAudio cannot start: ") + Pa_GetErrorText(error) +
                 " — check that the audio group may use /dev/snd");
  }
  return {};
}

int callback(const void* input, void*, unsigned long frames, const PaStreamCallbackTimeInfo* time,
             PaStreamCallbackFlags flags, void* user) {
  static_cast<PortAudioMicrophone*>(user)->deliver(static_cast<const std::int16_t*>(input), frames,
                                                   time->inputBufferAdcTime, time->currentTime,
                                                   (flags & paInputOverflow) != 0);
  return paContinue;
}

std::vector<std::string> list_inputs() {
  std::vector<std::string> names;
  for (PaDeviceIndex index = 0; index < Pa_GetDeviceCount(); ++index) {
    const PaDeviceInfo* info = Pa_GetDeviceInfo(index);
    if (info != nullptr && info->maxInputChannels > 0) names.emplace_back(info->name);
  }
  return names;
}

}  // namespace

PortAudioMicrophone::PortAudioMicrophone(std::string device_name) : device_name_(std::move(device_name)) {}

PortAudioMicrophone::~PortAudioMicrophone() {
  stop();
}

DeviceStatus PortAudioMicrophone::status() const {
  // A stream that stopped by itself: the device went away (a USB microphone pulled out) or the host API failed.
  if (running_ && stream_ != nullptr && Pa_IsStreamActive(static_cast<PaStream*>(stream_)) != 1) {
    return DeviceStatus{DeviceState::fault, "microphone " + device_name_ + " stopped delivering — is it plugged in?"};
  }
  return DeviceStatus{running_ ? DeviceState::busy : DeviceState::ready, "microphone " + device_name_};
}

Expected<std::vector<std::string>> PortAudioMicrophone::input_devices() {
  TRY(initialize());
  std::vector<std::string> names = list_inputs();
  Pa_Terminate();
  return names;
}

Expected<void> PortAudioMicrophone::start(const AudioFormat& format, BlockCallback on_block) {
  if (running_) return Error("microphone: already started");
  TRY(initialize());
  initialized_ = true;
  PaDeviceIndex device = paNoDevice;
  if (device_name_.empty()) {
    device = Pa_GetDefaultInputDevice();
  } else {
    for (PaDeviceIndex index = 0; index < Pa_GetDeviceCount(); ++index) {
      const PaDeviceInfo* info = Pa_GetDeviceInfo(index);
      if (info != nullptr && info->maxInputChannels > 0 &&
          std::string(info->name).find(device_name_) != std::string::npos) {
        device = index;
        break;
      }
    }
  }
  if (device == paNoDevice) {
    std::string seen;
    for (const std::string& name : list_inputs()) seen += (seen.empty() ? "" : ", ") + name;
    stop();
    return Error("microphone: no input device named \"" + device_name_ + "\" (PortAudio sees: " +
                 (seen.empty() ? "none" : seen) + ") — plug it in, or set the microphone's name in the config");
  }
  format_ = format;
  on_block_ = std::move(on_block);
  clock_.emplace(format.sample_rate);
  PaStreamParameters parameters{};
  parameters.device = device;
  parameters.channelCount = static_cast<int>(format.channels);
  parameters.sampleFormat = paInt16;
  parameters.suggestedLatency = Pa_GetDeviceInfo(device)->defaultHighInputLatency;
  const unsigned long frames_per_block = format.sample_rate / 100;  // 10 ms
  PaStream* stream = nullptr;
  if (const PaError error =
          Pa_OpenStream(&stream, &parameters, nullptr, format.sample_rate, frames_per_block, paClipOff, callback, this);
      error != paNoError) {
    stop();
    return Error(std::string("microphone \"") + Pa_GetDeviceInfo(device)->name + "\": cannot open it at " +
                 std::to_string(format.sample_rate) + " Hz mono: " + Pa_GetErrorText(error) +
                 " — another program may hold it, or it does not support the rate");
  }
  stream_ = stream;
  running_ = true;
  if (const PaError error = Pa_StartStream(stream); error != paNoError) {
    stop();
    return Error(std::string("microphone: cannot start capturing: ") + Pa_GetErrorText(error));
  }
  return {};
}

void PortAudioMicrophone::deliver(const std::int16_t* samples, unsigned long frames, double adc_time,
                                  double current_time, bool overflow) {
  if (samples == nullptr || !running_) return;
  const std::int64_t adc_ns = clock_->time_block(monotonic_ns(), adc_time, current_time, frames, overflow);
  on_block_(AudioBlockView{adc_ns, format_, std::span<const std::int16_t>(samples, frames * format_.channels)});
}

void PortAudioMicrophone::stop() {
  running_ = false;
  if (stream_ != nullptr) {
    Pa_StopStream(static_cast<PaStream*>(stream_));
    Pa_CloseStream(static_cast<PaStream*>(stream_));
    stream_ = nullptr;
  }
  if (initialized_) {
    Pa_Terminate();
    initialized_ = false;
  }
}

}  // namespace kiosk::devices
