import { subgraphCodegen } from '../codegen.base';

export default subgraphCodegen({ scalars: { Upload: '@people/subgraph-kit#PhotoUpload' } });
