"""The node's peers (docs/http-api.md, "The peer endpoint"; docs/consensus.md).

- link.py: one authenticated websocket connection, its handshake and bounded send queue;
- protocol.py: the messages on it, strictly decoded;
- peer_table.py: who may connect and who is connected, one link per key;
- gossip.py: the peer network that joins them: dialing, listening, the ticker;
- relay.py: the consensus side of gossip, our messages out and the peers' in, and a stalled
  height's votes sent again; height_frames.py keeps those frames across a restart;
- entry_inbox.py: entries peers gossip, made durable like a client's;
- sync.py: catching up on committed blocks, each commit checked;
- split_view.py: the alarm for two signed checkpoints with different roots for one size.
"""
