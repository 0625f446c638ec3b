"""The indexer's decoding of a video: only the frames its sampler wants (``sampled_frames``), built on
``faceorganizer.video`` (PyAV), which holds the rest (probing, frames, pixels, one frame at a time)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import av

from ....video import (
    Container,
    Stream,
    VideoError,
    VideoInfo,
    _message,
    frames,
    open_video,
    pixels,
    probe,
    start_time,
    video_frame,
)
from .sampling import Sampler

__all__ = [
    "DecodeCounts",
    "VideoCancelled",
    "VideoError",
    "VideoInfo",
    "frames",
    "open_video",
    "pixels",
    "probe",
    "sampled_frames",
    "video_frame",
]


class VideoCancelled(Exception):
    """The analysis of a video was stopped (a scan's cancel): not the video's fault."""


#: Packets of one group of pictures (keyframe to keyframe) held back at most while looking for its end: a longer
#: group is decoded as it comes (every frame of it), so memory stays bounded whatever the encoder did.
MAX_GOP_PACKETS = 300


@dataclass
class DecodeCounts:
    """What ``sampled_frames`` did: packets demuxed, frames decoded, packets never decoded (skipped), and the
    time of the last packet (a truncated file's packets end early)."""

    packets: int = 0
    decoded: int = 0
    skipped: int = 0
    last_packet: float = 0.0


def sampled_frames(
    container: Container, stream: Stream, sampler: Sampler, counts: DecodeCounts | None = None
) -> Iterator[tuple[float, av.VideoFrame]]:
    """(time, frame) of the frames ``sampler`` wants, in order, without decoding every frame.

    Packets are read a group of pictures at a time (a keyframe to the next one). The keyframe is decoded; the
    rest of the group only as long as the sampler has a regular or burst sample due before the next keyframe
    (``Sampler.due_before``): the packets after the last wanted frame are never decoded. A group longer than
    ``MAX_GOP_PACKETS`` is decoded as it comes. Frames the decoder marks corrupt (missing references after a
    skip) are never sampled."""
    counts = counts if counts is not None else DecodeCounts()
    origin, base = start_time(stream), stream.time_base
    fps = float(stream.average_rate or stream.guessed_rate or 30)
    codec = stream.codec_context
    frame_index = 0

    def decode(packet: av.Packet | None) -> Iterator[tuple[float, av.VideoFrame]]:
        nonlocal frame_index
        try:
            out = codec.decode(packet)
        except av.error.FFmpegError as exc:
            raise VideoError(
                f"corrupt video: decoding failed after {counts.last_packet:.1f} s ({_message(exc)})"
            ) from exc
        for frame in out:
            counts.decoded += 1
            t = float(frame.time) - origin if frame.time is not None else frame_index / fps
            frame_index += 1
            if not frame.is_corrupt and sampler.wants(t, bool(frame.key_frame)):
                yield t, frame

    def group(packets: list[av.Packet], end: float | None) -> Iterator[tuple[float, av.VideoFrame]]:
        for i, packet in enumerate(packets):
            if i and end is not None and not sampler.due_before(end):
                counts.skipped += len(packets) - i
                return
            yield from decode(packet)

    pending: list[av.Packet] = []
    streaming = True  # until the first keyframe, and in a long group: every packet decoded as it comes
    try:
        for packet in container.demux(stream):
            if packet.size == 0:  # the demuxer's end
                continue
            counts.packets += 1
            ts = packet.pts if packet.pts is not None else packet.dts
            t = None if ts is None or base is None else float(ts * base) - origin
            if t is not None:
                counts.last_packet = max(counts.last_packet, t)
            if packet.is_keyframe and t is not None:
                yield from group(pending, t)
                pending, streaming = [packet], False
            elif streaming:
                yield from decode(packet)
            else:
                pending.append(packet)
                if len(pending) >= MAX_GOP_PACKETS:
                    yield from group(pending, None)
                    pending, streaming = [], True
    except av.error.FFmpegError as exc:
        raise VideoError(f"corrupt video: reading failed after {counts.last_packet:.1f} s ({_message(exc)})") from exc
    yield from group(pending, counts.last_packet + 1e-3)
    yield from decode(None)  # the frames still in the decoder
