// Microphone audio → 16 kHz mono 16-bit WAV, in the browser, so the server needs no codec.

/** Resamples mono `samples` at `rate` Hz to 16 kHz with the browser's own resampler. */
export async function resampleTo16k(samples, rate) {
  if (rate === 16000) return samples;
  const length = Math.max(1, Math.ceil((samples.length * 16000) / rate));
  const context = new OfflineAudioContext(1, length, 16000);
  const buffer = context.createBuffer(1, samples.length, rate);
  buffer.copyToChannel(samples, 0);
  const source = context.createBufferSource();
  source.buffer = buffer;
  source.connect(context.destination);
  source.start();
  const rendered = await context.startRendering();
  return rendered.getChannelData(0);
}

/** A RIFF/WAVE file: PCM 16-bit little-endian, mono, `rate` Hz; samples are clipped to [-1, 1]. */
export function encodeWav16(samples, rate) {
  const bytes = new ArrayBuffer(44 + samples.length * 2);
  const view = new DataView(bytes);
  const ascii = (offset, text) => { for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i)); };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);        // PCM
  view.setUint16(22, 1, true);        // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true); // bytes per second
  view.setUint16(32, 2, true);        // block align
  view.setUint16(34, 16, true);       // bits per sample
  ascii(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + i * 2, s < 0 ? Math.round(s * 32768) : Math.round(s * 32767), true);
  }
  return new Blob([bytes], { type: "audio/wav" });
}

/**
 * Records from the microphone until `stop()` is called; resolves the returned promise with a 16 kHz WAV Blob.
 * Uses a ScriptProcessor tap (plain, works everywhere) that feeds a silent gain node.
 */
export async function startRecording(onLevel) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false,
                                                                      noiseSuppression: false, autoGainControl: false } });
  const context = new AudioContext();
  const source = context.createMediaStreamSource(stream);
  const tap = context.createScriptProcessor(4096, 1, 1);
  const mute = context.createGain();
  mute.gain.value = 0;
  const chunks = [];
  let frames = 0;
  tap.onaudioprocess = (event) => {
    const input = event.inputBuffer.getChannelData(0);
    chunks.push(new Float32Array(input));
    frames += input.length;
    if (onLevel) onLevel(frames / context.sampleRate);
  };
  source.connect(tap);
  tap.connect(mute);
  mute.connect(context.destination);
  return {
    async stop() {
      tap.disconnect();
      source.disconnect();
      stream.getTracks().forEach((track) => track.stop());
      const rate = context.sampleRate;
      await context.close();
      const samples = new Float32Array(frames);
      let offset = 0;
      for (const chunk of chunks) { samples.set(chunk, offset); offset += chunk.length; }
      return encodeWav16(await resampleTo16k(samples, rate), 16000);
    },
  };
}
