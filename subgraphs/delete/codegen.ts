import { subgraphCodegen } from '../codegen.base';

export default subgraphCodegen();
