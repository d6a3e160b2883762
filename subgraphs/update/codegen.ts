import { subgraphCodegen } from '../codegen.base';

export default subgraphCodegen({ scalars: { Upload: '@people/shared#PhotoUpload' } });
