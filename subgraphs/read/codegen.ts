import { subgraphCodegen } from '../codegen.base';

export default subgraphCodegen({
  mappers: {
    PersonConnection: '../connection#PersonConnectionSource',
    PageInfo: '../connection#PersonConnectionSource',
    PersonEdge: '../connection#PersonEdgeSource',
  },
});
