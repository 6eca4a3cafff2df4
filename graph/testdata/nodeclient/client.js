// Runs traversals against a Gremlin server with gremlin-javascript and prints one JSON
// line of results, for graph/nodeclient_test.go. Usage: node client.js ws://host:port/gremlin
'use strict';
const gremlin = require('gremlin');
const { DriverRemoteConnection } = gremlin.driver;
const { traversal } = gremlin.process.AnonymousTraversalSource;
const __ = gremlin.process.statics;
const { t, P } = gremlin.process;

async function main() {
  // The engine speaks GraphBinary v1 (gremlin-javascript defaults to GraphSON).
  const conn = new DriverRemoteConnection(process.argv[2], { mimeType: 'application/vnd.graphbinary-v1.0' });
  const g = traversal().withRemote(conn);
  try {
    await g.V().drop().iterate();
    await g.addV('person').property(t.id, 'n1').property('name', 'ada').property('age', 36)
      .addV('person').property(t.id, 'n2').property('name', 'alan').property('age', 41)
      .addE('knows').from_(__.V('n1')).to(__.V('n2')).iterate();
    const names = await g.V('n1').out('knows').values('name').toList();
    const count = await g.V().hasLabel('person').count().next();
    const older = await g.V().has('age', P.gt(40)).values('name').toList();
    const map = await g.V('n1').project('n', 'k').by('name').by(__.out().count()).next();
    const projected = Object.fromEntries(map.value);
    console.log(JSON.stringify({ names, count: Number(count.value), older, projected: { n: projected.n, k: Number(projected.k) } }));
  } finally {
    await conn.close();
  }
}

main().catch((err) => { console.error(err && err.stack ? err.stack : err); process.exit(1); });
